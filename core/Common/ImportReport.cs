namespace BranchBot.Core.Common;

/// <summary>One bad row of an imported file: its line number (1-based, the header is line 1) and what is wrong.</summary>
public sealed record ImportError(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"第 {Line} 行：{Message}" : Message;
}

/// <summary>The rows a file yielded, or the errors that keep all of it from being applied.</summary>
public sealed record ParseResult<T>(IReadOnlyList<T> Rows, IReadOnlyList<ImportError> Errors)
{
    public bool Ok => Errors.Count == 0;
}
