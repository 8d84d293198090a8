using Crm.Kernel.Api;
using Crm.Kernel.Errors;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Kernel.Tests.Api;

/// <summary>A command's outcome and the one place that turns a failed one into problem details.</summary>
public sealed class CommandResultTests
{
    [Fact]
    public void An_invalid_result_is_a_400_naming_each_field_as_in_the_JSON_body()
    {
        var result = CommandResult.Invalid<long>(new OperationResult([new ValidationError("Lines[1].Quantity", "More than zero.")]));

        var problem = Assert.IsType<ValidationProblemDetails>(ApiConventions.Failure(result).Problem);

        Assert.False(result.Succeeded);
        Assert.Equal(400, problem.Status);
        Assert.Equal(["More than zero."], problem.Errors["lines[1].quantity"]);
    }

    [Fact]
    public void A_conflict_is_a_409_with_the_clash()
    {
        var problem = ApiConventions.Failure(CommandResult.Conflict<long>("Stored with other content.")).Problem;

        Assert.Equal((409, "Stored with other content."), (problem.Status, problem.Detail));
    }

    [Fact]
    public void Created_done_and_unchanged_succeed_and_are_no_failure()
    {
        foreach (var result in new[] { CommandResult.Created(1L), CommandResult.Done(2L), CommandResult.Unchanged(3L) })
        {
            Assert.True(result.Succeeded);
            Assert.Null(result.Problem);
            Assert.Throws<ArgumentException>(() => ApiConventions.Failure(result));
        }
    }

    [Fact]
    public void A_page_shows_the_clash_or_the_field_problems()
    {
        Assert.Equal("Stored with other content.", CommandResult.Conflict<long>("Stored with other content.").Problem);
        var invalid = CommandResult.Invalid<long>(new OperationResult([new ValidationError("Name", "Enter a name."), new ValidationError("", "No open stage.")]));
        Assert.Equal($"Name: Enter a name.{Environment.NewLine}No open stage.", invalid.Problem);
    }
}
