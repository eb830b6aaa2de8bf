using BranchBot.Bot.LocalTools;
using BranchBot.Core.Conversations;
using BranchBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BranchBot.Tests.LocalTools;

public sealed class ConsoleChatTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Chat_AgainstRunningBot_PrintsRepliesAndLaterPushes(bool aes)
    {
        await using var bot = await BotServer.StartAsync(
            new Dictionary<string, string?>(BotServer.LocalTrial) { ["Conversation:ReplyBudget"] = "00:00:00.200" },
            s => s.AddSingleton<IConversationFeature>(new SlowFeature(TimeSpan.FromMilliseconds(600))));
        var output = new StringWriter();
        var input = new PacedReader(["帮助", "慢", "/subscribe 42", "等一下再看推送", "/quit"], TimeSpan.FromMilliseconds(400));
        string[] args =
        [
            "--url", bot.Http.BaseAddress!.ToString().TrimEnd('/'), .. aes ? new[] { "--aes" } : [],
        ];

        var exit = await new ConsoleChat(input, output, TimeProvider.System).RunAsync(args, default);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("支部助手：我是支部助手", text);
        Assert.Contains("（机器人没有直接回复）", text);
        Assert.Contains("支部助手：欢迎关注支部助手", text);
        Assert.Contains("[推送] " + SlowFeature.Answer, text);
    }

    /// <summary>Gives one line at a time with a pause, like a person typing.</summary>
    private sealed class PacedReader(string[] lines, TimeSpan pause) : TextReader
    {
        private int _next;

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (_next >= lines.Length)
            {
                return null;
            }

            await Task.Delay(pause, cancellationToken);
            return lines[_next++];
        }
    }
}
