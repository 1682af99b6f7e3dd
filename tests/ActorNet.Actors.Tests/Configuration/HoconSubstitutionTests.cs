using ActorNet.Configuration;

namespace ActorNet.Actors.Tests.Configuration;

public sealed class HoconSubstitutionTests
{
    private static IReadOnlyDictionary<string, string?> Parse(string text) => Hocon.Parse(text, "test.conf");

    [Fact]
    public void SubstitutionCopiesAValueAndKeepsItsType()
    {
        var keys = Parse("a { b = 10 }\nc = ${a.b}\nd = ${a}");
        Assert.Equal("10", keys["c"]);
        Assert.Equal("10", keys["d:b"]);
    }

    [Fact]
    public void ForwardReferencesResolveAgainstTheWholeDocument()
    {
        var keys = Parse("c = ${a.b}\na.b = 1\na.b = 2");
        Assert.Equal("2", keys["c"]);
    }

    [Fact]
    public void SubstitutionInsideAConcatenation()
    {
        var keys = Parse("host = example\nport = 80\nurl = \"http://\"${host}\":\"${port}/path");
        Assert.Equal("http://example:80/path", keys["url"]);
    }

    [Fact]
    public void ObjectConcatenationWithSubstitutionMerges()
    {
        var keys = Parse("base { x = 1, y = 2 }\nderived = ${base} { y = 3 }");
        Assert.Equal("1", keys["derived:x"]);
        Assert.Equal("3", keys["derived:y"]);
    }

    [Fact]
    public void SelfReferenceSeesTheEarlierValue()
    {
        var keys = Parse("path = \"/a\"\npath = ${path}\":/b\"\nlist = [1]\nlist = ${list} [2]");
        Assert.Equal("/a:/b", keys["path"]);
        Assert.Equal("1", keys["list:0"]);
        Assert.Equal("2", keys["list:1"]);
    }

    [Fact]
    public void OptionalEnvironmentSubstitutionReadsTheEnvironment()
    {
        var name = "ACTORNET_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var keys = Parse($"a = ${{?{name}}}\nb = default\nb = ${{?{name}_MISSING}}\nc = ${{?{name}_MISSING}}");
            Assert.Equal("from-env", keys["a"]);
            Assert.Equal("default", keys["b"]);
            Assert.False(keys.ContainsKey("c"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void RequiredSubstitutionFallsBackToTheEnvironment()
    {
        var name = "ACTORNET_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "v");
        try
        {
            Assert.Equal("v", Parse($"a = ${{{name}}}")["a"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void UnresolvableSubstitutionNamesThePathAndPosition()
    {
        var e = Assert.Throws<HoconException>(() => Parse("a = 1\nb = x ${no.such.key}"));
        Assert.Equal((2, 7), (e.Line, e.Column));
        Assert.Equal("test.conf", e.Source);
        Assert.Contains("no.such.key", e.Message);
        Assert.StartsWith("test.conf:2:7:", e.Message);
    }

    [Fact]
    public void SubstitutionCycleIsAnErrorNamingTheKeys()
    {
        var e = Assert.Throws<HoconException>(() => Parse("a = ${b}\nb = ${c}\nc = ${a}"));
        Assert.Contains("substitution cycle", e.Message);
        Assert.Contains("b -> c -> a -> b", e.Message);
        Assert.Equal((1, 5), (e.Line, e.Column));
    }

    [Fact]
    public void ObjectContainingASubstitutionOfItselfIsACycle()
    {
        var e = Assert.Throws<HoconException>(() => Parse("a { b = ${a} }"));
        Assert.Contains("substitution cycle: a -> a", e.Message);
    }

    [Fact]
    public void MalformedSubstitutionIsAnError()
    {
        var e = Assert.Throws<HoconException>(() => Parse("a = ${b"));
        Assert.Equal((1, 8), (e.Line, e.Column));
        Assert.Contains("expected '}' to close the substitution '${b'", e.Message);
    }
}
