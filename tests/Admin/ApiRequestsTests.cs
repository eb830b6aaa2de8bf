using BranchBot.Bot.Admin;
using Microsoft.AspNetCore.Http;

namespace BranchBot.Tests.Admin;

/// <summary>Uploads and query numbers read by the console endpoints: bad ones become JSON errors.</summary>
public sealed class ApiRequestsTests
{
    private static HttpRequest Upload(byte[] body, bool sayLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = sayLength ? body.Length : null;
        return context.Request;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadFile_LargerThanTheLimit_Is413WhetherOrNotTheLengthWasAnnounced(bool sayLength)
    {
        var (file, error) = await ApiRequests.ReadFileAsync(Upload(new byte[2 * 1024 * 1024 + 1], sayLength), default, maxBytes: 2 * 1024 * 1024);
        Assert.Null(file);
        Assert.Equal(413, Assert.IsAssignableFrom<IStatusCodeHttpResult>(error).StatusCode);
    }

    [Fact]
    public async Task ReadFile_WithinTheLimit_IsReadWhole_AndEmptyIs400()
    {
        Assert.Equal(3, (await ApiRequests.ReadFileAsync(Upload([1, 2, 3], true), default)).File!.Length);
        Assert.Equal(400, Assert.IsAssignableFrom<IStatusCodeHttpResult>((await ApiRequests.ReadFileAsync(Upload([], true), default)).Error).StatusCode);
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData("", 7)]
    [InlineData("12", 12)]
    public void Number_AbsentOrInRange_IsTheValue(string? raw, int expected) =>
        Assert.Equal((expected, null), ApiRequests.Number(raw, "days", 7, 1, 100));

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("1e3")]
    [InlineData("三十")]
    public void Number_OutOfRangeOrNotANumber_Is400NamingTheField(string raw) =>
        Assert.Equal(400, Assert.IsAssignableFrom<IStatusCodeHttpResult>(ApiRequests.Number(raw, "days", 7, 1, 100).Error).StatusCode);

    [Theory]
    [InlineData("$.questions", "questions")]
    [InlineData("$.attendeeIds[0]", "attendeeIds")]
    [InlineData("$.fence.latitude", "fence")]
    [InlineData("$", null)]
    [InlineData(null, null)]
    [InlineData("$['a\"]']", null)]
    [InlineData("$.a\"b", null)]
    public void FieldOf_NamesTheTopLevelPropertyOfASerializerPath(string? path, string? field) =>
        Assert.Equal(field, ApiJson.FieldOf(path));
}
