using Xunit;

namespace Geopera.Clip.Tests.Api;

/// <summary>Writes, once per test, which job runner served the test's API calls into that test's
/// output, so a pass is never mistaken for a pass against another runner.</summary>
internal sealed class RunnerNote(Func<string> runner, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const string Written = "geopera-clip:runner-noted";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = TestContext.Current;
        // The storage outlives one test, so the key names the test.
        if (context.TestOutputHelper is { } output && context.Test is { } test && context.KeyValueStorage.TryAdd(Written + test.UniqueID, true))
            output.WriteLine($"job runner: {runner()}");
        return base.SendAsync(request, cancellationToken);
    }
}
