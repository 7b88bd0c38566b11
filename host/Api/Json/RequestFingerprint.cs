using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Geopera.Clip.Host.Api.Json;

/// <summary>
/// The fingerprint that tells a retry (same key, same request) from a reuse of an
/// Idempotency-Key (same key, other request): SHA-256 over the operation id and the body in a
/// canonical form, so whitespace, member order and number spelling (1.50 vs 1.5) do not matter.
/// </summary>
public static class RequestFingerprint
{
    public static string Compute(string operationId, JsonElement body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteCanonical(writer, body);
        var prefix = Encoding.UTF8.GetBytes(operationId + "\n");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(prefix);
        sha.AppendData(buffer.WrittenSpan);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Members sorted by ordinal name, numbers in shortest round-trip form (RFC 8785 style).</summary>
    public static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    WriteCanonical(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(CanonicalNumber(element), skipInputValidation: true);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string CanonicalNumber(JsonElement number) =>
        number.TryGetInt64(out var integer)
            ? integer.ToString(CultureInfo.InvariantCulture)
            : number.TryGetDouble(out var real) && double.IsFinite(real)
                ? real.ToString("R", CultureInfo.InvariantCulture)
                : number.GetRawText();
}
