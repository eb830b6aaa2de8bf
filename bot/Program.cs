using BranchBot.Bot.Hosting;
using BranchBot.Bot.LocalTools;

if (LocalTool.Find(args) is { } tool)
{
    return await tool.RunAsync(args[1..], CancellationToken.None);
}

Microsoft.AspNetCore.Builder.WebApplication app;
try
{
    app = BotApp.Build(args);
}
catch (StartupRefusedException refused)
{
    await Console.Error.WriteLineAsync(refused.Message);
    return 2;
}

await app.RunAsync();
return 0;
