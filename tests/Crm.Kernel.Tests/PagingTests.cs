namespace Crm.Kernel.Tests;

public sealed class PagingTests
{
    [Theory]
    [InlineData(0, 50, 0)]
    [InlineData(3, 50, 150)]
    [InlineData(-1, 50, 0)]
    [InlineData(2, -5, 0)]
    public void The_offset_is_the_rows_of_the_pages_before(int page, int pageSize, int offset) =>
        Assert.Equal(offset, Paging.Offset(page, pageSize));

    // In 32 bits these wrap to -100 and 104: the first pages again instead of nothing.
    [Theory]
    [InlineData(int.MaxValue, 100)]
    [InlineData(21474837, 200)]
    public void A_page_whose_offset_does_not_fit_an_int_starts_past_every_row(int page, int pageSize) =>
        Assert.Equal(int.MaxValue, Paging.Offset(page, pageSize));

    [Fact]
    public void Validating_names_the_page_and_the_size_at_fault()
    {
        Assert.True(Paging.Validate(0, 10, 100).Succeeded);
        Assert.Equal(["page", "pageSize"], Paging.Validate(-1, 101, 100).Errors.Select(e => e.Field));
    }
}
