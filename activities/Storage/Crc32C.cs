using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace Geopera.Clip.Activities.Storage;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum Google Cloud Storage
/// records for every object. Uses the SSE 4.2 CRC32 instruction (which computes exactly this
/// polynomial) when present, else an 8-way sliced table so that hashing keeps up with disk I/O.
/// </summary>
public sealed class Crc32C
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    private uint _register = 0xFFFFFFFF;

    /// <summary>Feed more bytes.</summary>
    public void Append(ReadOnlySpan<byte> data) => _register = Update(_register, data);

    /// <summary>The checksum of every byte appended so far.</summary>
    public uint Current => ~_register;

    /// <summary>The checksum as GCS writes it: base64 of the big-endian 32-bit value.</summary>
    public string CurrentBase64 => ToBase64(Current);

    /// <summary>The checksum of one buffer.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    public static string ToBase64(uint crc)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, crc);
        return Convert.ToBase64String(bytes);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong wide = crc;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
            crc = (uint)wide;
            foreach (var b in data) crc = Sse42.Crc32(crc, b);
            return crc;
        }
        return UpdateWithTable(crc, data);
    }

    /// <summary>The portable path (slicing-by-8); public so tests check it on machines with SSE 4.2 too.</summary>
    public static uint ComputeWithTable(ReadOnlySpan<byte> data) => ~UpdateWithTable(0xFFFFFFFF, data);

    private static uint UpdateWithTable(uint crc, ReadOnlySpan<byte> data)
    {
        var t = Table;
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7 * 256 + (low & 0xFF)] ^ t[6 * 256 + ((low >> 8) & 0xFF)]
                ^ t[5 * 256 + ((low >> 16) & 0xFF)] ^ t[4 * 256 + (low >> 24)]
                ^ t[3 * 256 + (high & 0xFF)] ^ t[2 * 256 + ((high >> 8) & 0xFF)]
                ^ t[1 * 256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
            data = data[8..];
        }
        foreach (var b in data) crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        for (var slice = 1; slice < 8; slice++)
            for (var i = 0; i < 256; i++)
            {
                var previous = table[(slice - 1) * 256 + i];
                table[slice * 256 + i] = (previous >> 8) ^ table[previous & 0xFF];
            }
        return table;
    }
}
