using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Kernel.Api;

/// <summary>
/// An error answered as <c>application/problem+json</c> with the standard type and title and the host's additions (the
/// trace id), whatever content types the controller produces otherwise.
/// </summary>
public sealed class ProblemResult(ProblemDetails problem) : ActionResult
{
    public ProblemDetails Problem { get; } = problem;

    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        // TypedResults.Problem fills the standard type and title of the status.
        var result = TypedResults.Problem(Problem);
        http.Response.StatusCode = result.StatusCode;
        var services = http.RequestServices;
        services.GetService<IOptions<ProblemDetailsOptions>>()?.Value.CustomizeProblemDetails?.Invoke(
            new ProblemDetailsContext { HttpContext = http, ProblemDetails = Problem });
        // Written as its own type: the framework's problem writer would cut a validation problem down to its base type
        // and drop the field errors.
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        await http.Response.WriteAsJsonAsync(Problem, Problem.GetType(), json, "application/problem+json", http.RequestAborted);
    }
}
