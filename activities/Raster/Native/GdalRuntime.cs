using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>
/// Process-wide GDAL set-up: drivers registered once, configuration options set once (they are
/// global to the process, shared by every concurrent warp), and a global error handler that logs
/// what no per-call <see cref="GdalErrorScope"/> captured (e.g. errors on GDAL's worker threads).
/// </summary>
public static unsafe class GdalRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;
    private static ILogger _logger = NullLogger.Instance;
    private const int RecentCapacity = 64;
    private static readonly ConcurrentQueue<(long Sequence, GdalError Error)> Recent = new();
    private static long _errorSequence;

    /// <summary>The sequence number of the last failure the global handler saw.</summary>
    internal static long ErrorSequence => Interlocked.Read(ref _errorSequence);

    /// <summary>Failures raised since <paramref name="sequence"/> on threads no <see cref="GdalErrorScope"/>
    /// listens on: GDAL's own worker threads (COG overview and compression threads, <c>-multi</c>).</summary>
    internal static IReadOnlyList<GdalError> FailuresSince(long sequence) =>
        [.. Recent.Where(e => e.Sequence > sequence).Select(e => e.Error)];

    /// <summary>The configuration options applied at start-up.</summary>
    public static IReadOnlyDictionary<string, string> AppliedOptions { get; private set; } = new Dictionary<string, string>();

    /// <summary>Registers drivers and applies <paramref name="settings"/>. GDAL's options are global
    /// to the process, so only the first call configures GDAL; a later call only swaps in a better
    /// logger, and says so when it asked for other options (they are not applied).</summary>
    public static void Initialize(GdalSettings settings, ILogger? logger = null)
    {
        lock (Gate)
        {
            if (logger is not null) _logger = logger;
            var options = settings.ConfigOptions();
            if (_initialized)
            {
                WarnAboutIgnoredOptions(options);
                return;
            }
            GdalApi.GDALAllRegister();
            foreach (var (key, value) in options) GdalApi.CPLSetConfigOption(key, value);
            GdalApi.CPLSetErrorHandler(&OnGlobalError);
            var heapKept = NativeHeap.Retain(settings.NativeHeapKeepMb);
            AppliedOptions = options;
            _initialized = true;
            _logger.GdalInitialised(Version, Shown(options), heapKept ? settings.NativeHeapKeepMb : 0);
        }
    }

    private static void WarnAboutIgnoredOptions(IReadOnlyDictionary<string, string> requested)
    {
        var ignored = requested
            .Where(o => !AppliedOptions.TryGetValue(o.Key, out var applied) || applied != o.Value)
            .Select(o => Shown(o))
            .Concat(AppliedOptions.Keys.Where(k => !requested.ContainsKey(k)).Select(k => $"{k} (unset)"))
            .ToList();
        if (ignored.Count > 0)
        {
            _logger.GdalOptionsIgnored(ignored);
        }
    }

    // Options may one day carry credentials (GS_SECRET_ACCESS_KEY, GDAL_HTTP_AUTH...): log their names only.
    private static readonly string[] SecretWords = ["SECRET", "KEY", "TOKEN", "PASSWORD", "AUTH", "CREDENTIAL", "HEADER"];

    private static string Shown(KeyValuePair<string, string> option) =>
        SecretWords.Any(w => option.Key.Contains(w, StringComparison.OrdinalIgnoreCase)) ? $"{option.Key}=(redacted)" : $"{option.Key}={option.Value}";

    private static IEnumerable<string> Shown(IReadOnlyDictionary<string, string> options) => [.. options.Select(Shown)];

    /// <summary>Initialises with defaults when nobody did (tests, the CLI verb, the benchmark).</summary>
    public static void EnsureInitialized()
    {
        if (!Volatile.Read(ref _initialized)) Initialize(new GdalSettings());
    }

    public static string Version => GdalApi.Utf8(GdalApi.GDALVersionInfo("RELEASE_NAME")) ?? "unknown";

    /// <summary>Drops GDAL's in-process cache of remote ranges (benchmarks measure cold reads).</summary>
    public static void ClearRemoteCache() => GdalApi.VSICurlClearCache();

    [UnmanagedCallersOnly]
    private static void OnGlobalError(int errorClass, int number, nint message)
    {
        try
        {
            var text = GdalApi.Utf8(message) ?? "";
            var level = (GdalErrorClass)errorClass switch
            {
                GdalErrorClass.Debug => LogLevel.Debug,
                GdalErrorClass.Warning => LogLevel.Warning,
                _ => LogLevel.Error,
            };
            _logger.GdalReported(level, (GdalErrorClass)errorClass, number, text);
            if (errorClass < (int)GdalErrorClass.Failure) return;
            Recent.Enqueue((Interlocked.Increment(ref _errorSequence), new GdalError((GdalErrorClass)errorClass, number, text)));
            while (Recent.Count > RecentCapacity) Recent.TryDequeue(out _);
        }
        catch
        {
            // Never let an exception reach native code.
        }
    }
}
