using System.Text.Json;
using BranchBot.Bot.Admin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BranchBot.Tests.Admin;

/// <summary>Uploads and the framework's binding failures: each becomes a problem naming the field where there is one.</summary>
public sealed class ApiBindingTests
{
    private static HttpContext Upload(byte[] body, bool sayLength)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = sayLength ? body.Length : null;
        return context;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Upload_LargerThanTheLimit_Is413WhetherOrNotTheLengthWasAnnounced(bool sayLength)
    {
        var refused = await Assert.ThrowsAsync<UploadRejected>(async () => await UploadedFile.BindAsync(Upload(new byte[UploadedFile.MaxBytes + 1], sayLength)));
        Assert.Equal(413, refused.StatusCode);
        Assert.Equal(413, Assert.IsType<ProblemHttpResult>(ApiExceptionHandler.Rejected(refused)).StatusCode);
    }

    [Fact]
    public async Task Upload_WithinTheLimit_IsReadWhole_AndEmptyIs400()
    {
        Assert.Equal(3, (await UploadedFile.BindAsync(Upload([1, 2, 3], true)))!.Content.Length);
        var empty = await Assert.ThrowsAsync<UploadRejected>(async () => await UploadedFile.BindAsync(Upload([], true)));
        Assert.Equal((400, "请上传文件"), (empty.StatusCode, Assert.IsType<ProblemHttpResult>(ApiExceptionHandler.Rejected(empty)).ProblemDetails.Detail));
    }

    [Theory]
    [InlineData("Failed to bind parameter \"int? count\" from \"abc\".", "count")]
    [InlineData("Failed to bind parameter \"Nullable<DateTimeOffset> from\" from \"yesterday\".", "from")]
    [InlineData("Failed to bind parameter \"bool? dryRun\" from \"yes\".", "dryRun")]
    public void BindFailure_IsAValidationProblemNamingTheParameter(string message, string field)
    {
        var problem = Assert.IsType<ValidationProblem>(ApiExceptionHandler.Rejected(new BadHttpRequestException(message)));
        Assert.Equal([field], problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void JsonOfTheWrongType_IsAValidationProblemNamingTheProperty()
    {
        var inner = new JsonException("wrong", "$.attendeeIds[0]", 1, 5);
        var problem = Assert.IsType<ValidationProblem>(ApiExceptionHandler.Rejected(new BadHttpRequestException("Failed to read parameter \"MeetingRequest request\" from the request body as JSON.", inner)));
        Assert.Equal(["attendeeIds"], problem.ProblemDetails.Errors.Keys);
    }

    [Theory]
    [InlineData("Required parameter \"MeetingRequest request\" was not provided from body.", "请求体为空")]
    [InlineData("Something else the framework says.", "请求有误")]
    public void OtherBindingFailures_Are400WithAChineseDetail(string message, string detail) =>
        Assert.Equal(detail, Assert.IsType<ProblemHttpResult>(ApiExceptionHandler.Rejected(new BadHttpRequestException(message))).ProblemDetails.Detail);

    [Theory]
    [InlineData("$.questions", "questions")]
    [InlineData("$.attendeeIds[0]", "attendeeIds")]
    [InlineData("$.fence.latitude", "fence")]
    [InlineData("$", null)]
    [InlineData(null, null)]
    [InlineData("$['a\"]']", null)]
    [InlineData("$.a\"b", null)]
    public void FieldOf_NamesTheTopLevelPropertyOfASerializerPath(string? path, string? field) =>
        Assert.Equal(field, ApiExceptionHandler.FieldOf(path));
}
