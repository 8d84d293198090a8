using Crm.Kernel.Errors;
using Crm.Ui.Feedback;
using FluentValidation.Results;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using ValidationException = FluentValidation.ValidationException;

namespace Crm.Ui.Tests.Feedback;

/// <summary>What a page says after a command, through MudBlazor's real snackbar service (oldest first, at most five shown).</summary>
public sealed class SnackbarFeedbackTests : Bunit.BunitContext
{
    public SnackbarFeedbackTests()
    {
        Services.AddMudServices();
    }

    private ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    [Fact]
    public async Task A_command_that_succeeds_shows_the_success_text()
    {
        var ran = false;

        Assert.True(await Snackbar.RunAsync(() =>
        {
            ran = true;
            return Task.CompletedTask;
        }, "Customer deactivated."));

        Assert.True(ran);
        Assert.Equal([("Customer deactivated.", Severity.Success)], Shown());
    }

    [Fact]
    public async Task A_stale_save_is_a_warning_with_the_conflicts_message()
    {
        Assert.False(await Snackbar.RunAsync(() => throw new ConflictException("Someone else changed this customer."), "Saved."));

        Assert.Equal([("Someone else changed this customer.", Severity.Warning)], Shown());
    }

    [Fact]
    public async Task A_refusal_and_a_missing_record_are_errors_with_their_message()
    {
        Assert.False(await Snackbar.RunAsync(() => throw new ForbiddenException("Only the owner may change this lead."), "Saved."));
        Assert.False(await Snackbar.RunAsync(() => throw new NotFoundException("Lead 7 was not found."), "Saved."));

        Assert.Equal([("Only the owner may change this lead.", Severity.Error), ("Lead 7 was not found.", Severity.Error)], Shown());
    }

    [Fact]
    public async Task A_validation_exception_shows_every_message()
    {
        var invalid = new ValidationException([new ValidationFailure("Name", "Name is required."), new ValidationFailure("Email", "Email is not valid.")]);

        Assert.False(await Snackbar.RunAsync(() => throw invalid, "Saved."));

        Assert.Equal([("Name is required. Email is not valid.", Severity.Error)], Shown());
    }

    [Fact]
    public async Task A_failed_operation_result_shows_its_problems_and_a_good_one_the_success_text()
    {
        Assert.False(await Snackbar.RunAsync(() => Task.FromResult(OperationResult.Failure("Reason", "A reason is required.")), "Lead disqualified."));
        Assert.True(await Snackbar.RunAsync(() => Task.FromResult(OperationResult.Success), "Lead assigned."));

        Assert.Equal([("A reason is required.", Severity.Error), ("Lead assigned.", Severity.Success)], Shown());
    }

    [Fact]
    public async Task A_command_result_reports_success_conflict_and_invalid_input_differently()
    {
        Assert.True(await Snackbar.RunAsync(() => Task.FromResult(CommandResult.Done(5L)), "Order cancelled."));
        Assert.True(await Snackbar.RunAsync(() => Task.FromResult(CommandResult.Unchanged(5L)), "Nothing left to cancel."));
        Assert.False(await Snackbar.RunAsync(() => Task.FromResult(CommandResult.Conflict<long>("The order was shipped meanwhile.")), "Order cancelled."));
        Assert.False(await Snackbar.RunAsync(() => Task.FromResult(CommandResult.Invalid<long>(OperationResult.Failure("Lines", "Nothing to return."))), "Return recorded."));

        Assert.Equal(
            [("Order cancelled.", Severity.Success), ("Nothing left to cancel.", Severity.Success), ("The order was shipped meanwhile.", Severity.Warning), ("Nothing to return.", Severity.Error)],
            Shown());
    }

    [Fact]
    public async Task A_fault_is_not_swallowed_and_shows_nothing()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Snackbar.RunAsync(() => throw new InvalidOperationException("database is locked"), "Saved."));

        Assert.Empty(Shown());
    }

    private List<(string, Severity)> Shown() => [.. Snackbar.ShownSnackbars.Select(s => (s.Message ?? "", s.Severity))];
}
