using Crm.Service.Contracts;
using Crm.Service.Domain.Queues;
using FluentValidation;

namespace Crm.Service.Features.Queues.SaveQueue;

internal sealed class QueueInputValidator : AbstractValidator<QueueInput>
{
    public QueueInputValidator()
    {
        RuleFor(q => q.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the queue a name.")
            .MaximumLength(100).WithMessage("The name is at most 100 characters.");
        RuleFor(q => q.Description).MaximumLength(500).WithMessage("The description is at most 500 characters.");
        RuleFor(q => q.Strategy).Must(s => s is null || Enum.IsDefined(s.Value))
            .WithMessage($"Choose a strategy: {string.Join(", ", Enum.GetNames<RoutingStrategy>())}.");
        RuleFor(q => q.MemberIds).NotNull().WithMessage("List the members (it may be empty).")
            .Must(m => m is null || m.Count <= ServiceQueue.MaxMembers).WithMessage($"A queue has at most {ServiceQueue.MaxMembers} members.")
            .Must(m => m is null || m.All(id => !string.IsNullOrWhiteSpace(id))).WithMessage("A member id is empty.");
    }
}
