using Crm.Contacts.Contracts;
using Crm.Kernel;
using Crm.Kernel.Data;
using Crm.Kernel.Errors;
using Crm.Kernel.Identity;
using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using Crm.Service.Domain.Telephony;
using Crm.Service.Features.Cases.AddNote;
using Crm.Service.Features.Cases.OpenCase;
using Microsoft.EntityFrameworkCore;

namespace Crm.Service.Features.Telephony.AttachCall;

/// <summary>
/// From the pop, with one click: attaches the call to one of the customer's open cases (an internal note on the case
/// says when, who and how it went) or opens a new case for it, owned by the agent, in the call's queue.
/// </summary>
internal sealed class AttachCallHandler(
    IDbContextFactory<CrmDbContext> contextFactory, ICurrentUser currentUser, AddNoteHandler addNote, OpenCaseHandler openCase)
{
    public async Task<CommandResult<long>> AttachAsync(long callRecordId, long caseId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallStore.LoadForAsync(db, currentUser, callRecordId, track: true, cancellationToken);
        if (call.CaseId is not null)
        {
            return CommandResult.Conflict<long>($"The call is attached to {ServiceCase.NumberOf(call.CaseId.Value)} already.");
        }

        var target = await db.Set<ServiceCase>().AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.CustomerId, c.Status }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"No case with id {caseId}.");
        if (call.CustomerId is null || target.CustomerId != call.CustomerId)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("caseId", "Attach the call to a case of the caller."));
        }

        if (target.Status is CaseStatus.Resolved or CaseStatus.Closed)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("caseId", $"{ServiceCase.NumberOf(caseId)} is {target.Status.ToString().ToLowerInvariant()}: attach the call to an open case or open a new one."));
        }

        var noted = await addNote.AddAsync(caseId, new CaseNoteInput(Describe(call)), null, cancellationToken);
        if (!noted.Succeeded)
        {
            return noted;
        }

        call.AttachTo(caseId);
        await CallStore.SaveAsync(db, cancellationToken);
        return CommandResult.Done(caseId);
    }

    public async Task<CommandResult<long>> OpenCaseAsync(long callRecordId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var call = await CallStore.LoadForAsync(db, currentUser, callRecordId, track: true, cancellationToken);
        if (call.CaseId is not null)
        {
            return CommandResult.Conflict<long>($"The call is attached to {ServiceCase.NumberOf(call.CaseId.Value)} already.");
        }

        if (call.CustomerId is not { } customerId)
        {
            return CommandResult.Invalid<long>(OperationResult.Failure("customerId", "Register the caller as a customer first."));
        }

        var opened = await openCase.OpenAsync(new CaseInput
        {
            CustomerId = customerId,
            Subject = call.Direction == CallDirection.In ? $"Phone call from {call.FromNumber}" : $"Phone call to {call.ToNumber}",
            Description = Describe(call),
            Channel = Channel.Phone,
            QueueId = call.QueueId,
            OwnerId = currentUser.ActorId,
        }, cancellationToken);
        if (!opened.Succeeded)
        {
            return opened;
        }

        call.AttachTo(opened.Value);
        await CallStore.SaveAsync(db, cancellationToken);
        return CommandResult.Created(opened.Value);
    }

    private static string Describe(PhoneCall call) =>
        $"{(call.Direction == CallDirection.In ? $"Call from {call.FromNumber}" : $"Call to {call.ToNumber}")} at {call.StartedAtUtc:yyyy-MM-dd HH:mm} UTC: {CallText.Outcome(call.Status, call.Cause, call.DurationSeconds)}.";
}
