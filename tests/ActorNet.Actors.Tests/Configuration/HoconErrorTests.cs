using ActorNet.Configuration;

namespace ActorNet.Actors.Tests.Configuration;

public sealed class HoconErrorTests
{
    private static HoconException Fail(string text) => Assert.Throws<HoconException>(() => Hocon.Parse(text, "bad.conf"));

    [Fact]
    public void UnterminatedStringPointsAtTheOpeningQuote()
    {
        var e = Fail("a = 1\nb = \"never closed\nc = 2");
        Assert.Equal((2, 5), (e.Line, e.Column));
        Assert.Contains("unterminated quoted string", e.Message);
    }

    [Fact]
    public void UnterminatedTripleQuotedString()
    {
        var e = Fail("a = \"\"\"abc");
        Assert.Equal((1, 5), (e.Line, e.Column));
        Assert.Contains("unterminated triple-quoted string", e.Message);
    }

    [Fact]
    public void MissingSeparatorAfterKeySaysWhatWasExpected()
    {
        var e = Fail("a 1");
        Assert.Equal((1, 3), (e.Line, e.Column));
        Assert.Equal("expected '=', ':', '+=' or '{' after key 'a', found '1'", e.Problem);
    }

    [Fact]
    public void UnclosedObjectNamesWhereItWasOpened()
    {
        var e = Fail("a {\n  b = 1\n");
        Assert.Equal((3, 1), (e.Line, e.Column));
        Assert.Contains("expected '}' to close the object opened at 1:3", e.Message);
    }

    [Fact]
    public void UnclosedArray()
    {
        var e = Fail("a = [1, 2");
        Assert.Contains("expected ']' to close the array opened at 1:5", e.Message);
    }

    [Fact]
    public void StrayClosingBrace()
    {
        var e = Fail("a = 1\n}");
        Assert.Equal((2, 1), (e.Line, e.Column));
        Assert.Contains("unexpected '}'", e.Message);
    }

    [Fact]
    public void MissingValue()
    {
        var e = Fail("a =\nb = 1");
        Assert.Equal((1, 4), (e.Line, e.Column));
        Assert.Contains("expected a value for 'a'", e.Message);
    }

    [Fact]
    public void BadEscape()
    {
        var e = Fail("a = \"x\\q\"");
        Assert.Equal((1, 8), (e.Line, e.Column));
        Assert.Contains("bad escape '\\q'", e.Message);
    }

    [Fact]
    public void ConcatenatingAnObjectWithAStringIsAnError()
    {
        var e = Fail("a = { x = 1 } text");
        Assert.Contains("cannot concatenate an object", e.Message);
    }
}
