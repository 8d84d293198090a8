using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Web.Api.Infrastructure;

/// <summary>
/// The API's JSON, used for the controllers and for the OpenAPI document (which reads the minimal-API options), so the
/// document describes exactly what travels: enums by name ("Person", "Placed"), numbers only as JSON numbers.
/// </summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.NumberHandling = JsonNumberHandling.Strict;
    }
}
