using Crm.Service.Contracts;
using Crm.Service.Domain.Cases;
using FluentValidation;

namespace Crm.Service.Features.Cases.ReceiveCustomerMessage;

/// <summary>A customer's message: some text, at most <see cref="CaseEntry.MaxBodyLength"/> characters, and a known channel if one is named.</summary>
internal sealed class CaseMessageInputValidator : AbstractValidator<CaseMessageInput>
{
    public CaseMessageInputValidator()
    {
        RuleFor(m => m.Body).NotEmpty().WithMessage("Write the customer's message.")
            .Must(b => b is null || b.Trim().Length <= CaseEntry.MaxBodyLength)
            .WithMessage($"A customer's message may have at most {CaseEntry.MaxBodyLength:N0} characters.");
        RuleFor(m => m.Channel).IsInEnum().WithMessage("Choose the channel the message came on.");
    }
}
