using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Geopera.Clip.Activities.DataPlatform.Schema;

/// <summary>
/// A database object kept in one re-applied definition (a function, <c>CREATE OR REPLACE</c>), as
/// Flyway's repeatable migrations are: applied after the versioned migrations, again whenever its
/// text changes. Versioned migrations stay immutable; the object's next change is a diff of its file.
/// </summary>
public sealed record RepeatableMigration(string Name, string Sql)
{
    private const string ResourcePrefix = "Geopera.Clip.Repeatable.";

    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>The repeatable migrations embedded in this assembly, in name order.</summary>
    public static IReadOnlyList<RepeatableMigration> Embedded()
    {
        var assembly = typeof(RepeatableMigration).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => Load(assembly, n))
            .ToList();
    }

    private static RepeatableMigration Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new RepeatableMigration(resource[ResourcePrefix.Length..^".sql".Length], reader.ReadToEnd());
    }
}
