using System.Runtime.InteropServices;
using System.Text;

namespace Geopera.Clip.Activities.Raster.Native;

/// <summary>A NULL-terminated <c>char**</c> of UTF-8 strings for GDAL's option parsers, which copy it.</summary>
internal sealed class Utf8Argv : IDisposable
{
    private readonly nint[] _strings;

    public Utf8Argv(IReadOnlyList<string> args)
    {
        _strings = new nint[args.Count];
        Pointer = Marshal.AllocHGlobal(nint.Size * (args.Count + 1));
        for (var i = 0; i < args.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(args[i] + "\0");
            _strings[i] = Marshal.AllocHGlobal(bytes.Length);
            Marshal.Copy(bytes, 0, _strings[i], bytes.Length);
            Marshal.WriteIntPtr(Pointer, i * nint.Size, _strings[i]);
        }
        Marshal.WriteIntPtr(Pointer, args.Count * nint.Size, 0);
    }

    public nint Pointer { get; }

    public void Dispose()
    {
        foreach (var s in _strings) Marshal.FreeHGlobal(s);
        Marshal.FreeHGlobal(Pointer);
    }
}
