using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crm.Kernel.Api;

/// <summary>
/// The action takes <c>If-Match</c> with the ETag of the caller's last read, so a change made meanwhile is not
/// overwritten. Required (the default): a missing header is a 428. Either way, before the action runs, a header that is
/// no entity tag (not in double quotes) is a 400 and one that is not one strong ETag of ours is a 412; after it, a
/// <see cref="ConflictException"/> from a save under the version sent (the record changed since that read) is a 412.
/// The OpenAPI document declares the header and these answers from this attribute; the ETag of a versioned answer is set
/// by the host's result filter. So an action reads the version with <see cref="ApiConventions.IfMatchVersion"/>, passes
/// it to its handler, and writes none of this flow itself.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IfMatchAttribute : Attribute, IAsyncActionFilter
{
    public bool Required { get; init; } = true;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var ifMatch = ApiConventions.ReadIfMatch(context.HttpContext.Request);
        if (ifMatch is null && Required)
        {
            context.Result = ApiConventions.PreconditionRequired();
            return;
        }

        if (ifMatch is { IsMalformed: true })
        {
            context.Result = ApiConventions.Problem(StatusCodes.Status400BadRequest,
                "If-Match must be an entity tag: the ETag you got when you read the record, in double quotes (such as \"3f2a...\").");
            return;
        }

        if (ifMatch is { Version: null })
        {
            context.Result = ApiConventions.PreconditionFailed(
                "If-Match must be the ETag you got when you read the record, as sent (a quoted version such as \"3f2a...\"); weak ETags (W/\"...\") and * are not accepted.");
            return;
        }

        var executed = await next();
        if (ifMatch is not null && executed.Exception is ConflictException stale && !executed.ExceptionHandled)
        {
            executed.Result = ApiConventions.PreconditionFailed(stale.Message);
            executed.ExceptionHandled = true;
        }
    }
}
