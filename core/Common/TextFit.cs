using System.Globalization;
using System.Text;

namespace BranchBot.Core.Common;

/// <summary>
/// Fits text into the limits of an outbound channel: whole characters only (a surrogate pair or a combining sequence
/// is never cut in two), line breaks and control characters removed where a field must be one line, long texts cut
/// or split at line breaks where they allow several lines.
/// </summary>
public static class TextFit
{
    public const string Ellipsis = "…";

    /// <summary>One line: line breaks, tabs and other control characters become a space; runs of spaces fold to one.</summary>
    public static string SingleLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '\u2028' or '\u2029' or '\u200B' or '\uFEFF')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Removes every character <paramref name="keep"/> refuses, by whole text elements.</summary>
    public static string Keep(string text, Func<string, bool> keep)
    {
        var builder = new StringBuilder(text.Length);
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (keep(element))
            {
                builder.Append(element);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// At most <paramref name="maxLength"/> UTF-16 units (a character outside the BMP counts as two, as the
    /// platforms count it), cut at a whole text element; a cut text ends in <paramref name="marker"/> within the limit.
    /// </summary>
    public static string Shorten(string text, int maxLength, string marker = Ellipsis)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var room = Math.Max(0, maxLength - marker.Length);
        return Prefix(text, room, s => s.Length) + (maxLength >= marker.Length ? marker : string.Empty);
    }

    /// <summary>At most <paramref name="maxBytes"/> UTF-8 bytes, cut at a line break when one is near, else at a whole text element.</summary>
    public static string ShortenUtf8(string text, int maxBytes, string marker)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var room = Math.Max(0, maxBytes - Encoding.UTF8.GetByteCount(marker));
        return AtLineBreak(Prefix(text, room, s => Encoding.UTF8.GetByteCount(s))).TrimEnd() + marker;
    }

    /// <summary>
    /// Parts of at most <paramref name="maxBytes"/> UTF-8 bytes each, split at line breaks where possible; at most
    /// <paramref name="maxParts"/>, the last one shortened with <paramref name="marker"/> when text remains.
    /// </summary>
    public static IReadOnlyList<string> SplitUtf8(string text, int maxBytes, int maxParts, string marker)
    {
        var parts = new List<string>();
        var rest = text;
        while (Encoding.UTF8.GetByteCount(rest) > maxBytes)
        {
            if (parts.Count == maxParts - 1)
            {
                parts.Add(ShortenUtf8(rest, maxBytes, marker));
                return parts;
            }

            var head = AtLineBreak(Prefix(rest, maxBytes, s => Encoding.UTF8.GetByteCount(s)));
            parts.Add(head.TrimEnd());
            rest = rest[head.Length..].TrimStart('\r', '\n');
        }

        if (rest.Length > 0 || parts.Count == 0)
        {
            parts.Add(rest);
        }

        return parts;
    }

    /// <summary>The longest run of whole text elements from the start whose measure stays within <paramref name="room"/>.</summary>
    private static string Prefix(string text, int room, Func<string, int> measure)
    {
        var used = 0;
        var end = 0;
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var size = measure(elements.GetTextElement());
            if (used + size > room)
            {
                break;
            }

            used += size;
            end = elements.ElementIndex + elements.GetTextElement().Length;
        }

        return text[..end];
    }

    /// <summary>Backs up to the last line break in the second half of the text, so a list loses whole lines.</summary>
    private static string AtLineBreak(string head)
    {
        var lineBreak = head.LastIndexOf('\n');
        return lineBreak >= head.Length / 2 ? head[..(lineBreak + 1)] : head;
    }
}
