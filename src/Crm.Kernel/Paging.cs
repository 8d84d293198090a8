using Crm.Kernel.Errors;

namespace Crm.Kernel;

/// <summary>Page numbers and sizes, the same way for every paged list: checking them and turning them into rows to skip.</summary>
public static class Paging
{
    /// <summary>
    /// The rows before page <paramref name="page"/> (0 first) of <paramref name="pageSize"/> rows. Computed in 64 bits and
    /// capped at <see cref="int.MaxValue"/>: <c>page * pageSize</c> in 32 bits wraps for a huge page number and would
    /// show the first pages again, where a page past the end must be empty. A negative page (or size) skips nothing.
    /// </summary>
    public static int Offset(int page, int pageSize) =>
        page <= 0 || pageSize <= 0 ? 0 : (int)Math.Min((long)page * pageSize, int.MaxValue);

    /// <summary>Checks the paging parameters of a list that refuses (rather than clamps) them, naming the field at fault.</summary>
    public static OperationResult Validate(int page, int pageSize, int maxPageSize)
    {
        var errors = new List<ValidationError>();
        if (page < 0)
        {
            errors.Add(new ValidationError("page", "The page counts from 0 and cannot be negative."));
        }

        if (pageSize < 1 || pageSize > maxPageSize)
        {
            errors.Add(new ValidationError("pageSize", $"The page size must be between 1 and {maxPageSize}."));
        }

        return new OperationResult(errors);
    }
}
