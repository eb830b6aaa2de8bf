using BranchBot.Adapters.GroupRobot;

namespace BranchBot.Tests.GroupRobot;

/// <summary>Which webhook addresses are called, and how they appear in logs.</summary>
public sealed class WebhookAddressTests
{
    private static readonly WebhookAddress Addresses = new(["qyapi.weixin.qq.com", "127.0.0.1"]);

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=633a31f6-7f9c-4bc4-97a0-0ec1eefa5898")]
    [InlineData("https://QYAPI.weixin.qq.com/cgi-bin/webhook/send?key=k")]
    [InlineData("http://127.0.0.1:5123/cgi-bin/webhook/send?key=k")]
    [InlineData("https://127.0.0.1:5123/cgi-bin/webhook/send?key=k")]
    public void Accept_AllowedAddress_ReturnsIt(string url)
    {
        Assert.NotNull(Addresses.Accept(url, out var reason));
        Assert.Empty(reason);
    }

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=k", "is not in GroupRobot:AllowedHosts")]
    [InlineData("https://oapi.dingtalk.com/robot/send?access_token=k", "is not in GroupRobot:AllowedHosts")]
    [InlineData("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "plain http")]
    [InlineData("http://localhost:5123/cgi-bin/webhook/send?key=k", "host localhost is not in")]
    [InlineData("https://me:secret@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "user information")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/other?key=k", "not a robot webhook")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "not a robot webhook")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a%0Ab", "not a robot webhook")]
    [InlineData("file:///etc/passwd", "not an absolute http(s) address")]
    [InlineData("/cgi-bin/webhook/send?key=k", "not an absolute http(s) address")]
    [InlineData("", "not an absolute http(s) address")]
    public void Accept_OtherAddress_RefusesItSayingWhy(string url, string why)
    {
        Assert.Null(Addresses.Accept(url, out var reason));
        Assert.Contains(why, reason);
    }

    [Theory]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=633a31f6-7f9c-4bc4", "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=633a…")]
    [InlineData("http://127.0.0.1:5123/cgi-bin/webhook/send?debug=1&key=ab", "127.0.0.1:5123/cgi-bin/webhook/send?key=ab…")]
    [InlineData("https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "qyapi.weixin.qq.com/cgi-bin/webhook/send")]
    [InlineData("ftp://127.0.0.1/send?key=633a31f6-7f9c-4bc4", "ftp://127.0.0.1")]
    [InlineData("not a url 633a31f6-7f9c-4bc4", "(not an address)")]
    public void Describe_Address_ShowsNoMoreThanTheStartOfTheKey(string url, string expected)
    {
        Assert.Equal(expected, WebhookAddress.Describe(url));
    }
}
