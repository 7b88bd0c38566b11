using Xunit;
using Geopera.Clip.Activities.Raster;
using Geopera.Clip.Activities.Raster.Aoi;
using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Tests.Raster;

/// <summary>Checks a clip output against its synthetic source, pixel by pixel.</summary>
public static class ClipAssert
{
    /// <summary>Pixels whose centre is clearly inside the AOI equal the source; clearly outside are
    /// masked; unmasked pixels anywhere equal the source; the grid is the source's grid; bounds are
    /// AOI ∩ raster within one pixel. Returns the number of unmasked pixels.</summary>
    public static int MatchesSource(string output, RasterSpec spec, string aoiGeoJson)
    {
        using var ds = GdalDataset.Open(output) ?? throw new Xunit.Sdk.XunitException($"cannot open {output}");
        var info = ds.Info();
        var gt = info.GeoTransform!;
        var (x0, y0, pixel) = spec.Grid;
        Assert.Equal(pixel, gt[1], 9);
        Assert.Equal(-pixel, gt[5], 9);
        var colOffset = (gt[0] - x0) / pixel;
        var rowOffset = (y0 - gt[3]) / pixel;
        Assert.Equal(Math.Round(colOffset), colOffset, 6); // aligned on the source grid
        Assert.Equal(Math.Round(rowOffset), rowOffset, 6);

        var aoi = AoiProjector.Project(AoiValidator.Validate(aoiGeoJson).Geometry!, info.CrsWkt!)!;
        var footprint = ClipGeometry.Footprint(SourceInfo(spec));
        var expected = aoi.Intersection(footprint).EnvelopeInternal;
        var actual = info.Bounds()!.Value;
        Assert.InRange(Math.Abs(actual.MinX - expected.MinX), 0, pixel);
        Assert.InRange(Math.Abs(actual.MaxX - expected.MaxX), 0, pixel);
        Assert.InRange(Math.Abs(actual.MinY - expected.MinY), 0, pixel);
        Assert.InRange(Math.Abs(actual.MaxY - expected.MaxY), 0, pixel);

        var inner = aoi.Buffer(-pixel);
        var outer = aoi.Buffer(pixel);
        var bands = Enumerable.Range(1, info.Bands.Count).Select(b => ds.Read(b, 0, 0, info.Width, info.Height)).ToArray();
        var hasAlpha = info.Bands[^1].ColorInterp == GdalColorInterp.Alpha;
        Assert.Equal(spec.Bands + (spec.NoData is null ? 1 : 0), info.Bands.Count);
        var unmasked = 0;
        for (var row = 0; row < info.Height; row++)
            for (var col = 0; col < info.Width; col++)
            {
                var i = row * info.Width + col;
                var masked = hasAlpha ? bands[^1][i] == 0 : bands[0][i] == spec.NoData;
                var centre = new Point(gt[0] + (col + 0.5) * gt[1], gt[3] + (row + 0.5) * gt[5]);
                if (inner.Contains(centre)) Assert.False(masked, $"pixel ({col},{row}) inside the AOI is masked");
                if (!outer.Contains(centre)) Assert.True(masked, $"pixel ({col},{row}) outside the AOI is not masked");
                if (masked) continue;
                unmasked++;
                int srcCol = col + (int)Math.Round(colOffset), srcRow = row + (int)Math.Round(rowOffset);
                for (var b = 0; b < spec.Bands; b++)
                    Assert.Equal(TestRasters.Value(spec, b + 1, srcCol, srcRow), bands[b][i], 3);
            }
        return unmasked;
    }

    private static RasterInfo SourceInfo(RasterSpec spec)
    {
        var (x0, y0, pixel) = spec.Grid;
        return new RasterInfo("GTiff", spec.Width, spec.Height, [], null, [x0, pixel, 0, y0, 0, -pixel], null, null);
    }

    /// <summary>A cloud-optimized GeoTIFF: GDAL reports LAYOUT=COG, tiles of 512, DEFLATE, and the
    /// file starts with GDAL's COG ghost header promising IFDs before data.</summary>
    public static void IsCog(string path, bool expectOverviews)
    {
        using (var ds = GdalDataset.Open(path)!)
        {
            var info = ds.Info();
            Assert.Equal("COG", info.Layout);
            Assert.Equal("DEFLATE", info.Compression);
            Assert.All(info.Bands, b => Assert.Equal((512, 512), (b.BlockWidth, b.BlockHeight)));
            if (expectOverviews) Assert.True(info.OverviewCount > 0, "expected internal overviews");
        }
        var head = new byte[1024];
        using (var file = File.OpenRead(path)) file.ReadExactly(head);
        var text = System.Text.Encoding.ASCII.GetString(head);
        Assert.Contains("GDAL_STRUCTURAL_METADATA_SIZE", text);
        Assert.Contains("LAYOUT=IFDS_BEFORE_DATA", text);
        Assert.Contains("BLOCK_ORDER=ROW_MAJOR", text);
        Assert.Contains("KNOWN_INCOMPATIBLE_EDITION=NO", text);
        Assert.False(File.Exists(path + ".aux.xml"), "no side-car file expected");
        var (ifds, firstTile) = TiffLayout.Read(path);
        Assert.All(ifds, offset => Assert.True(offset < firstTile, $"IFD at {offset} after image data at {firstTile}"));
    }
}
