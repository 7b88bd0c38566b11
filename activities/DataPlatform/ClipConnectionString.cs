using Microsoft.Extensions.Configuration;

namespace Geopera.Clip.Activities.DataPlatform;

/// <summary>Where the service finds its database: <c>CLIP_CONNECTION_STRING</c> when set (handy for
/// containers and one-off verbs), else configuration <c>ConnectionStrings:Clip</c>.</summary>
public static class ClipConnectionString
{
    public const string EnvironmentVariable = "CLIP_CONNECTION_STRING";
    public const string ConfigurationName = "Clip";

    public static string From(IConfiguration configuration) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : configuration.GetConnectionString(ConfigurationName) is { Length: > 0 } configured
                ? configured
                : throw new InvalidOperationException(
                    $"No database configured: set {EnvironmentVariable} or ConnectionStrings:{ConfigurationName} in appsettings.json.");
}
