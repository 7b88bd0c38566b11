using System.Globalization;
using Geopera.Clip.Activities.Raster.Native;
using NetTopologySuite.Geometries;

namespace Geopera.Clip.Activities.Raster;

/// <summary>How a source without a usable geotransform is placed on the Earth before it is clipped.</summary>
public enum SensorModel { None, GcpPolynomial, GcpThinPlateSpline, Rpc }

/// <summary>
/// Imagery georeferenced by ground control points (SAR GRD/SLC products) or rational polynomial
/// coefficients (optical L1 products) has no geotransform, or only a placeholder one, so the clip
/// cannot read its grid. Such a source is first warped, as a virtual raster (no pixel is read until
/// the clip reads it), onto a north-up grid at its own ground resolution (GDAL's suggested output
/// size, which keeps the source's pixel count along the diagonal): GCPs into the GCPs' CRS, with a
/// polynomial of the order GDAL picks for their number, or a thin-plate spline through them when
/// there are <see cref="ThinPlateSplineFrom"/> or more (products with a grid of GCPs: a spline is
/// exact at every GCP where a low-order polynomial smooths the grid away); RPCs into the UTM zone
/// of the AOI's centre at the height of the RPCs' HEIGHT_OFF (the scene's mean height), or 0 m
/// when they give none. Values and the masking scheme are the source's (nodata kept, alpha kept,
/// a new alpha band otherwise, so the area around the imagery stays masked), and a per-dataset mask
/// is honoured (GDAL's warper honours it when no cutline is set, as here).
/// The clip then runs on that virtual raster like on any north-up source.
/// </summary>
public static class SensorGeoreferencing
{
    /// <summary>From this many GCPs on, a thin-plate spline rather than a polynomial.</summary>
    public const int ThinPlateSplineFrom = 10;

    /// <summary>RPC height when the RPCs give no HEIGHT_OFF, in metres above the ellipsoid.</summary>
    public const double DefaultRpcHeight = 0;

    public static SensorModel ModelOf(RasterInfo info)
    {
        var placed = info.CrsWkt is not null && info.GeoTransform is { } gt && !IsPlaceholder(gt);
        if (info.HasRpc && !placed) return SensorModel.Rpc;
        if (info.GeoTransform is null && info.GcpCount >= 3 && info.GcpCrsWkt is not null)
            return info.GcpCount >= ThinPlateSplineFrom ? SensorModel.GcpThinPlateSpline : SensorModel.GcpPolynomial;
        return SensorModel.None;
    }

    /// <summary>gdalwarp arguments of the virtual north-up raster; empty for <see cref="SensorModel.None"/>.</summary>
    public static IReadOnlyList<string> Arguments(RasterInfo info, Geometry aoiLonLat)
    {
        var args = new List<string> { "-of", "VRT" };
        switch (ModelOf(info))
        {
            case SensorModel.None:
                return [];
            case SensorModel.GcpPolynomial:
                args.AddRange(["-t_srs", info.GcpCrsWkt!]);
                break;
            case SensorModel.GcpThinPlateSpline:
                args.AddRange(["-t_srs", info.GcpCrsWkt!, "-tps"]);
                break;
            case SensorModel.Rpc:
                var height = (info.RpcHeightOffset ?? DefaultRpcHeight).ToString("R", CultureInfo.InvariantCulture);
                args.AddRange(["-rpc", "-to", "RPC_HEIGHT=" + height, "-t_srs", "EPSG:" + UtmZoneEpsg(aoiLonLat.Centroid)]);
                break;
        }
        args.AddRange(WarpArguments.Masking(info));
        return args;
    }

    /// <summary>The WGS 84 UTM zone (EPSG:326zz north, 327zz south) holding <paramref name="lonLat"/>.</summary>
    public static int UtmZoneEpsg(Point lonLat)
    {
        var zone = Math.Clamp((int)Math.Floor((lonLat.X + 180) / 6) + 1, 1, 60);
        return (lonLat.Y >= 0 ? 32600 : 32700) + zone;
    }

    // GDAL's default geotransform, or one with unit pixels at the origin: what products carrying RPCs
    // write when they have no map grid (the AOI would otherwise be measured in degrees of pixels).
    private static bool IsPlaceholder(double[] gt) =>
        gt[0] == 0 && gt[3] == 0 && gt[2] == 0 && gt[4] == 0 && Math.Abs(gt[1]) == 1 && Math.Abs(gt[5]) == 1;
}
