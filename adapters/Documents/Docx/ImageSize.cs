using System.Buffers.Binary;
using BranchBot.Core.Meetings;

namespace BranchBot.Adapters.Documents.Docx;

/// <summary>The pixel size of a JPEG, PNG or GIF, read from its header; null when it cannot be read.</summary>
internal static class ImageSize
{
    public static (int Width, int Height)? Of(byte[] bytes, string contentType) => contentType switch
    {
        PhotoFormat.Png when bytes.Length >= 24 => Positive(BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))),
        PhotoFormat.Gif when bytes.Length >= 10 => Positive(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))),
        PhotoFormat.Jpeg => Jpeg(bytes),
        _ => null,
    };

    /// <summary>Walks the JPEG segments to the first start-of-frame marker, which holds the size.</summary>
    private static (int, int)? Jpeg(byte[] bytes)
    {
        var i = 2;
        while (i + 9 < bytes.Length)
        {
            if (bytes[i] != 0xFF)
            {
                return null;
            }

            var marker = bytes[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return Positive(BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i + 5)));
            }

            i += 2 + length;
        }

        return null;
    }

    private static (int, int)? Positive(int width, int height) => width > 0 && height > 0 ? (width, height) : null;
}
