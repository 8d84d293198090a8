using Crm.Kernel.Errors;
using Crm.Service.Domain.Cases;

namespace Crm.Service.Features.Cases;

/// <summary>The rule for the text of a reply or a note: some text, at most <see cref="CaseEntry.MaxBodyLength"/> characters.</summary>
internal static class CaseText
{
    public static OperationResult Check(string? body, string field, string what) =>
        string.IsNullOrWhiteSpace(body) ? OperationResult.Failure(field, $"Write the {what}.")
        : body.Trim().Length > CaseEntry.MaxBodyLength ? OperationResult.Failure(field, $"A {what} may have at most {CaseEntry.MaxBodyLength:N0} characters.")
        : OperationResult.Success;
}
