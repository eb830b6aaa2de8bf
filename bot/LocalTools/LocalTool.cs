namespace BranchBot.Bot.LocalTools;

/// <summary>A command-line tool of the bot: <c>dotnet run --project bot -- NAME args…</c>.</summary>
internal interface ILocalTool
{
    Task<int> RunAsync(string[] args, CancellationToken cancellationToken);
}

internal static class LocalTool
{
    /// <summary>The tool named by the first argument, or null to run the bot.</summary>
    public static ILocalTool? Find(string[] args) => args.FirstOrDefault() switch
    {
        "chat" => new ConsoleChat(Console.In, Console.Out, TimeProvider.System),
        "import-members" or "import-questions" or "rebuild-rankings" => new StoreTool(args[0], Console.Out),
        "export-attendance" => new ExportAttendanceTool(Console.Out),
        "sign-in-link" => new SignInLinkTool(Console.Out),
        "check-questions" => new CheckQuestionsTool(Console.Out),
        "publish-menu" => new Menu.PublishMenuTool(Console.Out),
        _ => null,
    };
}
