using System.IO.Compression;
using System.Text;
using Crm.Analytics.Engine.Associations;

namespace Crm.Analytics.Tests.Associations;

public sealed class BasketFileParserTests
{
    private static TransactionSet ParseText(string text) => BasketFileParser.Parse(new StringReader(text), CancellationToken.None);

    private static string[][] Baskets(TransactionSet data) =>
        Enumerable.Range(0, data.Count).Select(t => data[t].ToArray().Select(i => data.ItemNames[i]).ToArray()).ToArray();

    [Fact]
    public void A_file_with_commas_is_split_at_commas_so_names_keep_their_spaces()
    {
        var data = ParseText("whole milk,rolls/buns\nwhole milk\n other vegetables , yogurt ,\n");

        Assert.Equal(
            [["whole milk", "rolls/buns"], ["whole milk"], ["other vegetables", "yogurt"]],
            Baskets(data));
    }

    [Fact]
    public void One_comma_anywhere_makes_the_whole_file_comma_separated()
    {
        var data = ParseText("a b\nc,d\n");

        Assert.Equal([["a b"], ["c", "d"]], Baskets(data));
    }

    [Fact]
    public void A_file_without_commas_is_split_at_white_space()
    {
        var data = ParseText("0 1 2 \n3\t4  5\r\n6\n");

        Assert.Equal([["0", "1", "2"], ["3", "4", "5"], ["6"]], Baskets(data));
    }

    [Fact]
    public void Blank_lines_are_not_baskets_and_repeated_items_are_kept_once()
    {
        var data = ParseText("\n1 2 1\n   \n2\n\n");

        Assert.Equal([["1", "2"], ["2"]], Baskets(data));
        Assert.Equal(2, data.ItemCount);
    }

    [Fact]
    public void Item_ids_follow_first_appearance()
    {
        var data = ParseText("b,a\nc,a\n");

        Assert.Equal(["b", "a", "c"], data.ItemNames);
        Assert.Equal([0, 1, 2, 1], data.Items);
    }

    [Fact]
    public void An_empty_file_has_no_baskets()
    {
        var data = ParseText("");

        Assert.Equal(0, data.Count);
        Assert.Equal(0, data.ItemCount);
    }

    [Fact]
    public void A_gzip_file_is_recognised_by_its_content_whatever_its_name()
    {
        var directory = Directory.CreateTempSubdirectory("baskets");
        try
        {
            var path = Path.Combine(directory.FullName, "baskets.txt");
            using (var file = File.Create(path))
            using (var zip = new GZipStream(file, CompressionLevel.Fastest))
            {
                zip.Write(Encoding.UTF8.GetBytes("bread,butter\nmilk\n"));
            }

            var data = BasketFileParser.ParseFile(path, CancellationToken.None);

            Assert.Equal([["bread", "butter"], ["milk"]], Baskets(data));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_fimi_retail_file_has_88162_baskets_over_16470_items()
    {
        var data = BasketFileParser.ParseFile(RepositoryData.PathOf("fimi-retail/retail.dat.gz"), CancellationToken.None);

        Assert.Equal(88_162, data.Count);
        Assert.Equal(16_470, data.ItemCount);
        Assert.Equal(908_576, data.Items.Length);
    }
}
