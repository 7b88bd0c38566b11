using Xunit;
namespace Geopera.Clip.Tests.Raster;

/// <summary>Reads the IFD chain of a classic little-endian TIFF: where each IFD sits and where its
/// first tile starts, to check GDAL's COG rule that all IFDs precede the image data.</summary>
public static class TiffLayout
{
    private const ushort TileOffsets = 324;

    public static (List<long> IfdOffsets, long FirstTileOffset) Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream);
        Assert.Equal((byte)'I', reader.ReadByte()); // little-endian
        reader.ReadByte();
        Assert.Equal(42, reader.ReadUInt16());     // classic TIFF (outputs here are far below 4 GiB)
        var ifds = new List<long>();
        var firstTile = long.MaxValue;
        long next = reader.ReadUInt32();
        while (next != 0)
        {
            ifds.Add(next);
            stream.Position = next;
            var count = reader.ReadUInt16();
            for (var e = 0; e < count; e++)
            {
                var tag = reader.ReadUInt16();
                var type = reader.ReadUInt16();
                var n = reader.ReadUInt32();
                var value = reader.ReadUInt32();
                if (tag != TileOffsets) continue;
                var here = stream.Position;
                Assert.Equal(4, type); // LONG
                if (n == 1) firstTile = Math.Min(firstTile, value);
                else
                {
                    stream.Position = value;
                    for (var i = 0; i < n; i++) firstTile = Math.Min(firstTile, reader.ReadUInt32());
                }
                stream.Position = here;
            }
            next = reader.ReadUInt32();
        }
        return (ifds, firstTile);
    }
}
