using Crm.Service.Contracts;
using Crm.Service.Domain.Telephony;
using FluentValidation;

namespace Crm.Service.Features.Telephony.PhoneSystems;

internal sealed class PhoneSystemInputValidator : AbstractValidator<PhoneSystemInput>
{
    public PhoneSystemInputValidator()
    {
        RuleFor(s => s.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Give the telephone system a name.")
            .MaximumLength(100).WithMessage("The name is at most 100 characters.");
        RuleFor(s => s.Authentication).Must(a => a is null || Enum.IsDefined(a.Value))
            .WithMessage($"Choose how the system authenticates: {string.Join(", ", Enum.GetNames<PhoneAuthentication>())}.");
        RuleFor(s => s.QueueNumbers).NotNull().WithMessage("List the queue numbers (it may be empty).")
            .Must(n => n is null || n.Count <= PhoneSystem.MaxNumbers).WithMessage($"A system has at most {PhoneSystem.MaxNumbers} queue numbers.");
        RuleForEach(s => s.QueueNumbers).ChildRules(n =>
        {
            n.RuleFor(x => x.Number).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("A queue number is empty.");
            n.RuleFor(x => x.QueueId).NotNull().WithMessage("Choose the queue the number rings.");
        }).OverridePropertyName(nameof(PhoneSystemInput.QueueNumbers));
        RuleFor(s => s.Extensions).NotNull().WithMessage("List the extensions (it may be empty).")
            .Must(e => e is null || e.Count <= PhoneSystem.MaxExtensions).WithMessage($"A system has at most {PhoneSystem.MaxExtensions} extensions.");
        RuleForEach(s => s.Extensions).ChildRules(e =>
        {
            e.RuleFor(x => x.Extension).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("An extension is empty.")
                .MaximumLength(64).WithMessage("An extension is at most 64 characters.");
            e.RuleFor(x => x.AgentId).Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage("Choose the agent of each extension.");
        }).OverridePropertyName(nameof(PhoneSystemInput.Extensions));
    }
}
