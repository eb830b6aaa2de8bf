using System.Buffers.Binary;
using System.IO.Compression;

namespace BranchBot.Bot.Meetings;

/// <summary>
/// Small PNG pictures drawn in code for the demo's 示例 photos: a red field with a gold band and frame, so the local
/// trial's record shows images without shipping any.
/// </summary>
internal static class PlaceholderPng
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>A <paramref name="width"/> × <paramref name="height"/> RGB picture; <paramref name="variant"/> shifts the band.</summary>
    public static byte[] Draw(int width, int height, int variant)
    {
        var raw = new byte[height * ((width * 3) + 1)];
        var bandTop = height * (1 + variant % 3) / 5;
        for (var y = 0; y < height; y++)
        {
            var row = y * ((width * 3) + 1);
            raw[row] = 0;
            for (var x = 0; x < width; x++)
            {
                var frame = x < 6 || y < 6 || x >= width - 6 || y >= height - 6;
                var band = y >= bandTop && y < bandTop + (height / 6);
                (byte r, byte g, byte b) = frame || band ? ((byte)0xF2, (byte)0xC1, (byte)0x4E) : ((byte)(0xB0 + (0x30 * x / width)), (byte)0x1E, (byte)0x23);
                raw[row + 1 + (x * 3)] = r;
                raw[row + 2 + (x * 3)] = g;
                raw[row + 3 + (x * 3)] = b;
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            Chunk(png, "IDAT", compressed.ToArray());
        }

        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(typed));
        png.Write(crc);
    }

    private static uint Crc(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
