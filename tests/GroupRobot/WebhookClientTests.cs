using System.Net;
using BranchBot.Adapters.GroupRobot;

namespace BranchBot.Tests.GroupRobot;

/// <summary>What the robot's answers mean for the post, and the pause after its per-minute limit.</summary>
public sealed class WebhookClientTests
{
    [Theory]
    [InlineData(200, """{"errcode":0,"errmsg":"ok"}""", "Posted", "0")]
    [InlineData(200, """{"errcode":-1,"errmsg":"system busy"}""", "Transient", "-1")]
    [InlineData(200, """{"errcode":45009,"errmsg":"api freq out of limit"}""", "RateLimited", "45009")]
    [InlineData(200, """{"errcode":93000,"errmsg":"invalid webhook url"}""", "Failed", "93000")]
    [InlineData(200, """{"errcode":40058,"errmsg":"markdown.content exceed max length 4096"}""", "Failed", "40058")]
    [InlineData(500, "", "Transient", "HTTP 500")]
    [InlineData(503, """{"errcode":0}""", "Transient", "HTTP 503")]
    [InlineData(404, "not found", "Failed", "HTTP 404")]
    [InlineData(200, "<html>proxy</html>", "Failed", "HTTP 200")]
    public void Interpret_Answer_MapsToOutcome(int status, string body, string outcome, string code)
    {
        var attempt = WebhookClient.Interpret((HttpStatusCode)status, body);

        Assert.Equal(outcome, attempt.Outcome.ToString());
        Assert.Equal(code, attempt.Code);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    [InlineData(3, 12)]
    [InlineData(5, 48)]
    [InlineData(6, 60)]
    [InlineData(7, 60)]
    public void RateLimitedPause_Round_DoublesFromWindowOverLimitUpToOneWindow(int round, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), GroupRobotDispatcher.RateLimitedPause(new GroupRobotOptions(), round));
    }
}
