using BranchBot.Adapters.Sms.Aliyun;

namespace BranchBot.Tests.Sms.Aliyun;

/// <summary>The RPC signature against Aliyun's published worked example (AccessKeySecret "testsecret").</summary>
public sealed class AliyunSignatureTests
{
    private static Dictionary<string, string> DescribeRegions(string timestampName) => new()
    {
        ["AccessKeyId"] = "testid",
        ["Action"] = "DescribeRegions",
        ["Format"] = "XML",
        ["SignatureMethod"] = "HMAC-SHA1",
        ["SignatureNonce"] = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        ["SignatureVersion"] = "1.0",
        [timestampName] = "2016-02-23T12:46:24Z",
        ["Version"] = "2014-05-26",
    };

    [Fact]
    public void StringToSign_DocumentedExample_MatchesPublishedString()
    {
        var stringToSign = AliyunSignature.StringToSign("GET", AliyunSignature.CanonicalQuery(DescribeRegions("Timestamp")));

        Assert.Equal(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1" +
            "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0" +
            "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
            stringToSign);
    }

    [Fact]
    public void Sign_DocumentedExample_MatchesPublishedSignature() =>
        Assert.Equal("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", AliyunSignature.Sign("GET", DescribeRegions("Timestamp"), "testsecret"));

    [Fact]
    public void Sign_OlderDocumentedExampleSpellingTimeStamp_MatchesItsPublishedSignature() =>
        Assert.Equal("CT9X0VtwR86fNWSnsc6v8YGOjuE=", AliyunSignature.Sign("GET", DescribeRegions("TimeStamp"), "testsecret"));

    [Theory]
    [InlineData("a b", "a%20b")]
    [InlineData("a*b", "a%2Ab")]
    [InlineData("a~b-_.", "a~b-_.")]
    [InlineData("+/=&", "%2B%2F%3D%26")]
    [InlineData("!'()", "%21%27%28%29")]
    [InlineData("张三", "%E5%BC%A0%E4%B8%89")]
    public void PercentEncode_Value_FollowsRfc3986(string value, string expected) =>
        Assert.Equal(expected, AliyunSignature.PercentEncode(value));

    [Fact]
    public void Sign_PostWithChineseAndSymbols_AgreesWithTheFakesIndependentEncoder()
    {
        var parameters = new Dictionary<string, string>
        {
            ["TemplateParam"] = """{"name":"张三 李四","note":"*~!'()+&="}""",
            ["SignName"] = "市直机关工委",
            ["OutId"] = "d-1",
            ["a"] = "",
        };

        Assert.Equal(FakeAliyunSms.Sign(FakeAliyunSms.StringToSign(parameters), "testsecret"), AliyunSignature.Sign("POST", parameters, "testsecret"));
    }
}
