using Crm.Kernel.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// What every API answer gets the same way, so no controller has to remember it: problem details (including the
/// framework's own 400 for a body that cannot be read) go out as <c>application/problem+json</c> through the problem
/// details service, and a successful answer carrying a versioned record gets that version as its <c>ETag</c>.
/// </summary>
internal sealed class ApiResultFilter : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        if (context.Result is not ObjectResult result)
        {
            return;
        }

        if (result.Value is ProblemDetails problem)
        {
            problem.Status ??= result.StatusCode;
            context.Result = new ProblemResult(problem);
        }
        else if (result.Value is IVersioned record && (result.StatusCode ?? StatusCodes.Status200OK) is >= 200 and < 300)
        {
            context.HttpContext.Response.Headers.ETag = ApiConventions.ETagOf(record.Version);
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
