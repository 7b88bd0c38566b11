using System.Runtime.InteropServices;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>GDAL's error classes (<c>CPLErr</c>).</summary>
public enum GdalErrorClass { None = 0, Debug = 1, Warning = 2, Failure = 3, Fatal = 4 }

/// <summary>One message GDAL raised during a call.</summary>
public sealed record GdalError(GdalErrorClass Class, int Number, string Message)
{
    /// <summary>GDAL's <c>CPLE_*</c> numbers that matter for classification.</summary>
    public const int OutOfMemory = 2, FileIO = 3, OpenFailed = 4, HttpResponse = 11;
}

/// <summary>
/// Collects the errors GDAL raises on the current thread while the scope is open. GDAL's error
/// state is per thread, so the handler must be pushed and popped on the same thread with no
/// <c>await</c> in between: <see cref="Dispose"/> refuses to pop from another thread.
/// </summary>
public sealed unsafe class GdalErrorScope : IDisposable
{
    private readonly List<GdalError> _errors = [];
    private readonly int _threadId = Environment.CurrentManagedThreadId;
    private readonly long _globalSince;
    private GCHandle _self;

    public GdalErrorScope()
    {
        GdalRuntime.EnsureInitialized();
        _self = GCHandle.Alloc(this);
        _globalSince = GdalRuntime.ErrorSequence;
        GdalApi.CPLErrorReset();
        GdalApi.CPLPushErrorHandlerEx(&OnError, GCHandle.ToIntPtr(_self));
    }

    /// <summary>What GDAL raised on this thread; when that holds no failure, also the failures raised
    /// meanwhile on GDAL's worker threads, which bypass per-thread handlers (e.g. the COG driver's
    /// overview computation). Under concurrent calls those may belong to another call: they are a
    /// reason to show, better than none.</summary>
    public IReadOnlyList<GdalError> Errors =>
        _errors.Any(e => e.Class >= GdalErrorClass.Failure) ? _errors : [.. _errors, .. GdalRuntime.FailuresSince(_globalSince)];

    /// <summary>Failures first, most recent last; what to show a person.</summary>
    public string Describe(string fallback)
    {
        var failures = Errors.Where(e => e.Class >= GdalErrorClass.Failure).Select(e => e.Message).ToList();
        return failures.Count > 0 ? string.Join(" | ", failures.Distinct()) : fallback;
    }

    public void Dispose()
    {
        if (!_self.IsAllocated) return;
        if (Environment.CurrentManagedThreadId != _threadId)
            throw new InvalidOperationException("A GDAL error scope must be closed on the thread that opened it.");
        GdalApi.CPLPopErrorHandler();
        _self.Free();
    }

    [UnmanagedCallersOnly]
    private static void OnError(int errorClass, int number, nint message)
    {
        try
        {
            if (GCHandle.FromIntPtr(GdalApi.CPLGetErrorHandlerUserData()).Target is GdalErrorScope scope
                && errorClass >= (int)GdalErrorClass.Warning)
                scope._errors.Add(new GdalError((GdalErrorClass)errorClass, number, GdalApi.Utf8(message) ?? ""));
        }
        catch
        {
            // Nothing may escape into native code; a lost message is better than a dead process.
        }
    }
}
