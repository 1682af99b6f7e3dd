using ActorNet.Configuration;

namespace ActorNet.Actors.Tests.Configuration;

public sealed class HoconSyntaxTests
{
    private static IReadOnlyDictionary<string, string?> Parse(string text) => Hocon.Parse(text, "test.conf");

    private static void AssertKeys(IReadOnlyDictionary<string, string?> actual, params (string Key, string? Value)[] expected)
    {
        var expectedMap = expected.ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal(expectedMap.OrderBy(k => k.Key), actual.OrderBy(k => k.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void HashAndSlashCommentsAreIgnored()
    {
        AssertKeys(Parse("""
            # a comment
            a = 1 // trailing comment
            // another
            b = 2 # trailing
            """), ("a", "1"), ("b", "2"));
    }

    [Fact]
    public void EqualsColonAndBraceSeparateKeysFromValues()
    {
        AssertKeys(Parse("a = 1\nb : 2\nc { d = 3 }\ne: { f: 4 }"), ("a", "1"), ("b", "2"), ("c:d", "3"), ("e:f", "4"));
    }

    [Fact]
    public void DottedKeysCreateNestedObjects()
    {
        AssertKeys(Parse("a.b.c = 1\n\"x.y\".z = 2"), ("a:b:c", "1"), ("x.y:z", "2"));
    }

    [Fact]
    public void RepeatedObjectsMergeDeeplyAndLaterKeysWin()
    {
        AssertKeys(Parse("""
            a { x = 1, y { p = 1, q = 2 } }
            a { y { q = 3 }, z = 4 }
            a.x = 5
            b = 1
            b = { c = 2 }
            """), ("a:x", "5"), ("a:y:p", "1"), ("a:y:q", "3"), ("a:z", "4"), ("b:c", "2"));
    }

    [Fact]
    public void NonObjectValueReplacesAnObject()
    {
        AssertKeys(Parse("a { x = 1 }\na = 7"), ("a", "7"));
    }

    [Fact]
    public void UnquotedQuotedAndTripleQuotedStrings()
    {
        var text = "a = plain-text_1\n" +
                   "b = \"quoted \\\"with\\\" escapes\\t\\u0041\"\n" +
                   "c = \"\"\"line one\nline \"two\" \"\"\"\n";
        AssertKeys(Parse(text), ("a", "plain-text_1"), ("b", "quoted \"with\" escapes\tA"), ("c", "line one\nline \"two\" "));
    }

    [Fact]
    public void ValuesOnALineConcatenateWithTheirWhitespace()
    {
        AssertKeys(Parse("a = foo bar  baz\nb = \"x\"y 1\nc = 10s"), ("a", "foo bar  baz"), ("b", "xy 1"), ("c", "10s"));
    }

    [Fact]
    public void ArraysBecomeIndexKeys()
    {
        AssertKeys(Parse("""
            a = [1, 2, "three"]
            b = [
              { x = 1 }
              { x = 2 },
            ]
            c = [[1, 2], []]
            """), ("a:0", "1"), ("a:1", "2"), ("a:2", "three"), ("b:0:x", "1"), ("b:1:x", "2"), ("c:0:0", "1"), ("c:0:1", "2"));
    }

    [Fact]
    public void PlusEqualsAppendsToAnArray()
    {
        AssertKeys(Parse("a = [1]\na += 2\na += [3]\nb += x"), ("a:0", "1"), ("a:1", "2"), ("a:2:0", "3"), ("b:0", "x"));
    }

    [Fact]
    public void ArrayConcatenationJoinsArrays()
    {
        AssertKeys(Parse("a = [1, 2] [3]"), ("a:0", "1"), ("a:1", "2"), ("a:2", "3"));
    }

    [Fact]
    public void NullBooleansAndNumbers()
    {
        AssertKeys(Parse("""
            n = null
            t = true
            f = false
            on1 = on
            off1 = off
            y = yes
            no1 = no
            quoted = "yes"
            i = 42
            d = -1.5e3
            """),
            ("n", null), ("t", "true"), ("f", "false"), ("on1", "true"), ("off1", "false"), ("y", "true"),
            ("no1", "false"), ("quoted", "yes"), ("i", "42"), ("d", "-1.5e3"));
    }

    [Fact]
    public void BracedRootIsAllowed()
    {
        AssertKeys(Parse("{ a = 1, b { c = 2 } }"), ("a", "1"), ("b:c", "2"));
    }

    [Fact]
    public void EmptyObjectsAndArraysProduceNoKeys()
    {
        AssertKeys(Parse("a {}\nb = []\nc = 1"), ("c", "1"));
    }
}
