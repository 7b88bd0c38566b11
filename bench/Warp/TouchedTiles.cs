namespace Geopera.Clip.Bench.Warp;

/// <summary>
/// Bytes of the tiles a full-resolution pixel window touches, read from the COG's IFDs (classic
/// little-endian TIFF: ImageWidth 256, TileWidth 322, TileByteCounts 325; one tile per position).
/// Reported for the full-resolution image alone and for the whole pyramid (the same window scaled
/// to every overview level), since with OVERVIEWS=AUTO the COG driver builds the output's
/// overviews from the source's overviews and so reads one or two tiles per level.
/// </summary>
internal static class TouchedTiles
{
    public sealed record Count(int Tiles, long Bytes);

    public static (Count FullResolution, Count Pyramid) Measure(string cog, int col0, int row0, int col1, int row1)
    {
        var levels = ReadLevels(cog);
        var fullWidth = levels[0].Width;
        Count? full = null;
        int tiles = 0;
        long bytes = 0;
        foreach (var level in levels)
        {
            var scale = (double)fullWidth / level.Width;
            int c0 = (int)(col0 / scale), r0 = (int)(row0 / scale);
            int c1 = (int)Math.Ceiling(col1 / scale), r1 = (int)Math.Ceiling(row1 / scale);
            var across = (level.Width + level.TileSize - 1) / level.TileSize;
            int levelTiles = 0;
            long levelBytes = 0;
            for (var ty = r0 / level.TileSize; ty <= (r1 - 1) / level.TileSize; ty++)
                for (var tx = c0 / level.TileSize; tx <= (c1 - 1) / level.TileSize; tx++)
                {
                    levelTiles++;
                    levelBytes += level.ByteCounts[ty * across + tx];
                }
            full ??= new Count(levelTiles, levelBytes);
            tiles += levelTiles;
            bytes += levelBytes;
        }
        return (full!, new Count(tiles, bytes));
    }

    private sealed record Level(int Width, int TileSize, long[] ByteCounts);

    private static List<Level> ReadLevels(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Position = 4;
        var levels = new List<Level>();
        long next = reader.ReadUInt32();
        while (next != 0)
        {
            reader.BaseStream.Position = next;
            int width = 0, tile = 0;
            long[] counts = [];
            var entries = reader.ReadUInt16();
            for (var e = 0; e < entries; e++)
            {
                var tag = reader.ReadUInt16();
                var type = reader.ReadUInt16();
                var n = reader.ReadUInt32();
                var value = reader.ReadUInt32();
                var scalar = type == 3 ? value & 0xFFFF : value; // SHORT values sit in the low bytes
                if (tag == 256) width = (int)scalar;
                else if (tag == 322) tile = (int)scalar;
                else if (tag == 325) counts = ReadArray(reader, value, n, type);
            }
            levels.Add(new Level(width, tile, counts));
            next = reader.ReadUInt32();
        }
        return levels;
    }

    private static long[] ReadArray(BinaryReader reader, uint offset, uint count, ushort type)
    {
        if (count == 1) return [offset];
        var here = reader.BaseStream.Position;
        reader.BaseStream.Position = offset;
        var values = Enumerable.Range(0, (int)count).Select(_ => type == 3 ? reader.ReadUInt16() : (long)reader.ReadUInt32()).ToArray();
        reader.BaseStream.Position = here;
        return values;
    }
}
