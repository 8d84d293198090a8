using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Kernel;
using Crm.Kernel.Errors;
using Crm.Sales.Contracts;

namespace Crm.Sales.Features.Orders;

/// <summary>
/// Helpers shared by the order handlers: the content hash of an order as received, generated order numbers, JSON field
/// names for validation errors, the timeline channel of a sales channel.
/// </summary>
internal static class OrderContent
{
    private static long lastNumberMilliseconds;

    /// <summary>
    /// SHA-256 (lower-case hex) of a canonical form of the input: trimmed text, lower-case emails, upper-case product codes,
    /// decimals without trailing zeros, times in UTC. The same order sent twice (even re-formatted) hashes the same.
    /// </summary>
    public static string HashOf(OrderInput input)
    {
        var canonical = new
        {
            e = Trim(input.ExternalId),
            n = Trim(input.OrderNumber),
            c = input.CustomerId,
            b = input.Customer is { } b
                ? new[] { Trim(b.ExternalId), Trim(b.Email)?.ToLowerInvariant(), Trim(b.FirstName), Trim(b.LastName), Trim(b.CompanyName), Trim(b.Phone), Trim(b.Country) }
                : null,
            ch = input.Channel.ToString(),
            t = input.OrderedAtUtc?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            no = Trim(input.Notes),
            l = (input.Lines ?? []).Select(l => l is null ? null : new[]
            {
                Trim(l.ProductCode)?.ToUpperInvariant(), Number(l.Quantity), Number(l.UnitPrice), Number(l.Discount), Number(l.UnitCost),
            }),
        };
        return Hash(JsonSerializer.Serialize(canonical));
    }

    public static string HashOf(ReturnInput input) => Hash(JsonSerializer.Serialize(new
    {
        e = Trim(input.ExternalId),
        no = Trim(input.Notes),
        l = (input.Lines ?? []).Select(l => l is null ? null : new[] { Trim(l.ProductCode)?.ToUpperInvariant(), Number(l.Quantity) }),
    }));

    /// <summary>
    /// "SO-" + the UTC time to the millisecond + two random characters, e.g. <c>SO-261123-145012483-K7</c>: sorts by time,
    /// unique within this process (the clock part never repeats) and, with the random part, across instances.
    /// </summary>
    public static string NewOrderNumber(DateTime utcNow)
    {
        var wanted = new DateTimeOffset(utcNow, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long next;
        long last;
        do
        {
            last = Interlocked.Read(ref lastNumberMilliseconds);
            next = Math.Max(wanted, last + 1);
        }
        while (Interlocked.CompareExchange(ref lastNumberMilliseconds, next, last) != last);

        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        var time = DateTimeOffset.FromUnixTimeMilliseconds(next).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"SO-{time:yyMMdd}-{time:HHmmssfff}-{alphabet[RandomNumberGenerator.GetInt32(32)]}{alphabet[RandomNumberGenerator.GetInt32(32)]}");
    }

    /// <summary>"Lines[1].Quantity" → "lines[1].quantity": the JSON names integrations send.</summary>
    public static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(s => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..]));

    public static OperationResult ToResult(FluentValidation.Results.ValidationResult validation) =>
        new([.. validation.Errors.Select(e => new ValidationError(JsonName(e.PropertyName), e.ErrorMessage))]);

    public static Channel TimelineChannel(SalesChannel channel) => channel switch
    {
        SalesChannel.WebShop => Channel.Web,
        SalesChannel.Phone => Channel.Phone,
        SalesChannel.Store or SalesChannel.FieldSales => Channel.FaceToFace,
        _ => Channel.Other,
    };

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Number(decimal? value) =>
        value?.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
