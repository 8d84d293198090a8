using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crm.Kernel.Api;

/// <summary>
/// The action takes <c>If-Match</c> with the ETag of the caller's last read, so a change made meanwhile is not
/// overwritten. Required (the default): a missing header is a 428. Either way, a header that is not one strong ETag of
/// ours is a 412 before the action runs. The OpenAPI document declares the header and these answers from this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IfMatchAttribute : Attribute, IActionFilter
{
    public bool Required { get; init; } = true;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        var ifMatch = ApiConventions.ReadIfMatch(context.HttpContext.Request);
        if (ifMatch is null && Required)
        {
            context.Result = ApiConventions.PreconditionRequired();
        }
        else if (ifMatch is { Version: null })
        {
            context.Result = ApiConventions.PreconditionFailed(
                "If-Match must be the ETag you got when you read the record, as sent (a quoted version such as \"3f2a...\"); weak ETags (W/\"...\") and * are not accepted.");
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
