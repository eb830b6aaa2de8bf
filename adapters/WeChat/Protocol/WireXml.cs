using System.Text;
using System.Xml;

namespace BranchBot.Adapters.WeChat.Protocol;

/// <summary>
/// Reads WeChat's flat <c>&lt;xml&gt;</c> documents with DTDs prohibited and no resolver, so no entity is ever
/// expanded and nothing is fetched; writes replies with CDATA that cannot be broken out of.
/// </summary>
public static class WireXml
{
    private const int MaxFields = 64;

    private static XmlReaderSettings Settings(long maxChars) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1,
        MaxCharactersInDocument = maxChars,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    /// <summary>Parses UTF-8 (or declared-encoding) bytes into the root's simple child elements.</summary>
    public static WireFields? TryParse(ReadOnlyMemory<byte> body, out string? error)
    {
        using var stream = new MemoryStream(body.ToArray(), writable: false);
        return TryParse(XmlReader.Create(stream, Settings(body.Length * 2L + 1024)), out error);
    }

    public static WireFields? TryParse(string xml, out string? error) =>
        TryParse(XmlReader.Create(new StringReader(xml), Settings(xml.Length + 1024L)), out error);

    private static WireFields? TryParse(XmlReader reader, out string? error)
    {
        using (reader)
        {
            try
            {
                if (reader.MoveToContent() != XmlNodeType.Element || reader.Name != "xml")
                {
                    error = "root element must be <xml>";
                    return null;
                }

                var fields = new Dictionary<string, string>(StringComparer.Ordinal);
                if (!reader.IsEmptyElement)
                {
                    reader.Read();
                    while (reader.NodeType != XmlNodeType.EndElement)
                    {
                        if (reader.EOF)
                        {
                            throw new XmlException("unexpected end of document");
                        }

                        if (reader.NodeType != XmlNodeType.Element)
                        {
                            reader.Skip();
                            continue;
                        }

                        var name = reader.Name;
                        var children = new List<KeyValuePair<string, string>>();
                        var value = ReadSimpleContent(reader, children);
                        foreach (var (key, text) in value is null ? children : [new(name, value)])
                        {
                            if (fields.Count >= MaxFields)
                            {
                                error = "too many elements";
                                return null;
                            }

                            fields.TryAdd(key, text);
                        }
                    }
                }

                while (reader.Read())
                {
                    // Reads to the end so trailing garbage or a second root is reported.
                }

                error = null;
                return new WireFields(fields);
            }
            catch (XmlException e)
            {
                error = "malformed XML: " + e.Message;
                return null;
            }
        }
    }

    /// <summary>
    /// Reads the text of the element under the reader and moves past it; null when the element has child elements.
    /// Then its simple children go to <paramref name="children"/> as <c>Parent.Child</c> (a menu scan's
    /// <c>ScanCodeInfo.ScanResult</c>); anything nested deeper (lists in subscribe-message events, a photo push's
    /// <c>PicList</c>) carries nothing this bot needs and is skipped.
    /// </summary>
    private static string? ReadSimpleContent(XmlReader reader, List<KeyValuePair<string, string>>? children = null)
    {
        var parent = reader.Name;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return string.Empty;
        }

        var depth = reader.Depth;
        var text = new StringBuilder();
        var nested = false;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.EOF)
            {
                throw new XmlException("unexpected end of document");
            }

            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    text.Append(reader.Value);
                    reader.Read();
                    break;
                case XmlNodeType.Element when children is not null:
                    nested = true;
                    var child = reader.Name;
                    if (ReadSimpleContent(reader) is { } value)
                    {
                        children.Add(new(parent + "." + child, value));
                    }

                    break;
                case XmlNodeType.Element:
                    nested = true;
                    reader.Skip();
                    break;
                default:
                    reader.Read();
                    break;
            }
        }

        reader.Read();
        return nested ? null : text.ToString();
    }

    /// <summary>Escapes a value for a CDATA section: a <c>]]&gt;</c> inside it is split across two sections.</summary>
    public static string Cdata(string value) => "<![CDATA[" + StripInvalid(value).Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal) + "]]>";

    private static string StripInvalid(string value)
    {
        if (!value.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c >= 0x20 || c is '\t' or '\n' or '\r')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

/// <summary>The simple child elements of a WeChat push, by element name (case-sensitive, as sent).</summary>
public sealed class WireFields(IReadOnlyDictionary<string, string> fields)
{
    public string? this[string name] => fields.TryGetValue(name, out var value) ? value : null;

    public bool Has(string name) => fields.ContainsKey(name);

    public int Count => fields.Count;
}
