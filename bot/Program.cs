using BranchBot.Bot.Hosting;
using BranchBot.Bot.LocalTools;

if (LocalTool.Find(args) is { } tool)
{
    return await tool.RunAsync(args[1..], CancellationToken.None);
}

var app = BotApp.Build(args);
await app.RunAsync();
return 0;
