using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Geopera.Clip.Tests.Infrastructure;

/// <summary>A meter factory for classes built by hand in tests (no listener reads it unless a test adds one).</summary>
internal static class TestMeters
{
    public static IMeterFactory Factory { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
