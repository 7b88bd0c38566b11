using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Geopera.Clip.Activities.DataPlatform.Schema;

/// <summary>One versioned schema change, named <c>NNNN_description.sql</c>.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "Geopera.Clip.Migrations.";

    /// <summary>SHA-256 of the SQL: an applied migration whose file was edited afterwards is
    /// refused instead of silently diverging from what databases actually ran.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .OrderBy(m => m.Version)
            .ToList();
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        return migrations;
    }

    private static Migration Load(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^".sql".Length];
        var match = VersionPattern().Match(name);
        if (!match.Success)
            throw new InvalidOperationException($"Migration '{name}' must be named NNNN_description.sql.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+$")]
    private static partial Regex VersionPattern();
}
