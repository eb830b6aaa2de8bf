using System.Globalization;

namespace BranchBot.Benchmarks;

/// <summary>The command and its <c>--name value</c> options (a bare <c>--flag</c> means true).</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;

    private BenchOptions(string command, Dictionary<string, string> values)
    {
        Command = command;
        _values = values;
    }

    public string Command { get; }

    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var name = args[i][2..];
            var value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            values[name] = value;
        }

        return new BenchOptions(args.Length > 0 ? args[0] : string.Empty, values);
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"--{name} must be a whole number from {min} to {max} (it is '{text}')");
        }

        return value;
    }

    public int? OptionalInt(string name, int min, int max) => _values.ContainsKey(name) ? Int(name, 0, min, max) : null;

    public string Text(string name, string fallback) => _values.TryGetValue(name, out var text) ? text : fallback;

    public bool Flag(string name) => _values.TryGetValue(name, out var text) && text != "false";
}
