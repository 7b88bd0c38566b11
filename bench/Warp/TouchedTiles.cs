namespace Geopera.Clip.Bench.Warp;

/// <summary>Bytes of the full-resolution tiles a pixel window touches, from the COG's first IFD
/// (classic little-endian TIFF, TileByteCounts 325, one tile per position).</summary>
internal static class TouchedTiles
{
    public static (int Tiles, long Bytes) Measure(string cog, int col0, int row0, int col1, int row1, int tileSize, int imageWidth)
    {
        var counts = ReadByteCounts(cog);
        var across = (imageWidth + tileSize - 1) / tileSize;
        int tiles = 0;
        long bytes = 0;
        for (var ty = row0 / tileSize; ty <= (row1 - 1) / tileSize; ty++)
            for (var tx = col0 / tileSize; tx <= (col1 - 1) / tileSize; tx++)
            {
                tiles++;
                bytes += counts[ty * across + tx];
            }
        return (tiles, bytes);
    }

    private static long[] ReadByteCounts(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Position = 4;
        reader.BaseStream.Position = reader.ReadUInt32();
        var entries = reader.ReadUInt16();
        for (var e = 0; e < entries; e++)
        {
            var tag = reader.ReadUInt16();
            var type = reader.ReadUInt16();
            var n = reader.ReadUInt32();
            var value = reader.ReadUInt32();
            if (tag != 325) continue;
            reader.BaseStream.Position = value;
            return [.. Enumerable.Range(0, (int)n).Select(_ => type == 3 ? reader.ReadUInt16() : (long)reader.ReadUInt32())];
        }
        throw new InvalidDataException($"TileByteCounts not found in {path}.");
    }
}
