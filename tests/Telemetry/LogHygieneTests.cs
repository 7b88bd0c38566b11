using System.Net;
using System.Net.Http.Headers;
using Geopera.Clip.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Geopera.Clip.Tests.Telemetry;

/// <summary>The API host logging at Information (the production default), with a password in its
/// connection string, every entry rendered.</summary>
public sealed class LoggedHost : ApiTestHost
{
    public const string Password = "pg-secret-7f3a91";

    public RenderedLogs Rendered { get; } = new();

    protected override string ServiceConnectionString(string database) => database + ";Password=" + Password;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
    };

    protected override void ConfigureServices(IServiceCollection services) => services.AddLogging(b => b.AddProvider(Rendered));
}

/// <summary>Logs carry the job and the trace, and never a secret: API keys, Authorization headers,
/// connection-string passwords.</summary>
public sealed class LogHygieneTests(LoggedHost host) : IClassFixture<LoggedHost>
{
    [Fact]
    public async Task A_session_logs_no_key_no_authorization_and_no_password_and_job_lines_name_job_organization_and_trace()
    {
        var (jobId, trace) = await ApiCalls.InCallerTraceAsync(() => host.CreateJobAsync(host.Tenant));
        var traceId = trace.ToHexString();
        await host.WaitForJobAsync(jobId);
        await (await host.Http.OpAsync("clip.job.get", host.Tenant.ReadKey, new { job_id = jobId })).OkJsonAsync();
        const string wrongKey = "gck_wrong_0123456789abcdef0123456789abcdef";
        await (await host.Http.OpAsync("clip.job.get", wrongKey, new { job_id = jobId })).ProblemAsync(HttpStatusCode.Unauthorized);
        var basic = new HttpRequestMessage(HttpMethod.Post, "/v1/op/clip.job.get") { Content = new StringContent("{}") };
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpodW50ZXIy");
        await host.Http.SendAsync(basic, TestContext.Current.CancellationToken);

        var entries = host.Rendered.Entries;
        Assert.NotEmpty(entries);
        foreach (var secret in new[] { host.Tenant.FullKey, host.Tenant.ReadKey, wrongKey, "dXNlcjpodW50ZXIy", LoggedHost.Password, "Bearer " })
            Assert.DoesNotContain(entries, e => e.Text.Contains(secret, StringComparison.Ordinal));

        var admitted = Assert.Single(entries, e => e.EventId.Name == "Admitted");
        Assert.Equal(1023, admitted.EventId.Id);
        Assert.Equal(jobId, admitted.Fields["JobId"]);
        Assert.Equal(host.Tenant.OrganizationId, admitted.Fields["OrganizationId"]);
        Assert.Equal(traceId, admitted.Fields["TraceId"]);
        Assert.Matches("^[0-9a-f]{16}$", admitted.Fields["SpanId"]);
    }
}
