using System.Text;

namespace BranchBot.Core.Common;

/// <summary>The text of an uploaded file and the encoding it was read as, or why it could not be read.</summary>
public sealed record DecodedText(string? Text, string EncodingName, string? Error);

/// <summary>Reads uploaded text files: UTF-8 and UTF-16 as saved by most tools, and GBK as Excel in China saves CSV.</summary>
public static class TextDecoding
{
    internal const string Unrecognised = "文件编码无法识别，请另存为 UTF-8 编码的 CSV";

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictUtf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true);
    private static readonly Encoding StrictGb18030 = LoadGb18030();

    public static DecodedText Decode(byte[] bytes)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Try(StrictUtf8, span[3..], "UTF-8");
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Try(StrictUtf16Le, span[2..], "UTF-16");
        }

        if (span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Try(StrictUtf16Be, span[2..], "UTF-16");
        }

        var utf8 = Try(StrictUtf8, span, "UTF-8");
        return utf8.Text is not null ? utf8 : Try(StrictGb18030, span, "GBK");
    }

    private static DecodedText Try(Encoding encoding, ReadOnlySpan<byte> bytes, string name)
    {
        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return new DecodedText(null, name, Unrecognised);
        }

        // GB18030 maps almost any byte string to something, so a binary upload (an .xlsx, say) is caught by its control bytes.
        return text.Contains('\uFFFD') || text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            ? new DecodedText(null, name, Unrecognised)
            : new DecodedText(text, name, null);
    }

    private static Encoding LoadGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}
