using Xunit;
using System.Text;
using Geopera.Clip.Activities.Storage;

namespace Geopera.Clip.Tests.Storage;

public sealed class Crc32CTests
{
    public static TheoryData<byte[], uint> KnownVectors() => new()
    {
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283 }, // the CRC catalogue's check value
        { [], 0x00000000 },
        { new byte[32], 0x8A9136AA }, // RFC 3720 B.4: 32 zero bytes
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 }, // 32 bytes of 0xFF
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E }, // ascending
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C }, // descending
    };

    [Theory]
    [MemberData(nameof(KnownVectors))]
    public void Matches_published_vectors_on_both_paths(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32C.Compute(data));
        Assert.Equal(expected, Crc32C.ComputeWithTable(data));
    }

    [Fact]
    public void Incremental_appends_in_odd_pieces_equal_one_pass()
    {
        var data = TestData.Bytes(100_003, 42);
        var crc = new Crc32C();
        for (var offset = 0; offset < data.Length;)
        {
            var n = Math.Min(1 + offset % 977, data.Length - offset);
            crc.Append(data.AsSpan(offset, n));
            offset += n;
        }
        Assert.Equal(Crc32C.Compute(data), crc.Current);
        Assert.Equal(Crc32C.ComputeWithTable(data), crc.Current);
    }

    [Fact]
    public void Base64_is_big_endian_as_gcs_writes_it() =>
        Assert.Equal("4waSgw==", Crc32C.ToBase64(Crc32C.Compute(Encoding.ASCII.GetBytes("123456789"))));
}
