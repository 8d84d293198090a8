using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ArticlePublishedCategoryAndTags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PublishedCategory",
                table: "Service_Articles",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublishedTags",
                table: "Service_Articles",
                type: "nvarchar(410)",
                maxLength: 410,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_PublishedCategory_PublishedAtUtc",
                table: "Service_Articles",
                columns: new[] { "PublishedCategory", "PublishedAtUtc" });

            // Published articles take the category and tags of their latest published revision (what readers were shown).
            migrationBuilder.Sql(
                "UPDATE Service_Articles SET "
                + "PublishedCategory = (SELECT r.Category FROM Service_ArticleRevisions r WHERE r.ArticleId = Service_Articles.Id AND r.Number = Service_Articles.PublishedRevision), "
                + "PublishedTags = COALESCE((SELECT r.Tags FROM Service_ArticleRevisions r WHERE r.ArticleId = Service_Articles.Id AND r.Number = Service_Articles.PublishedRevision), '') "
                + "WHERE PublishedRevision > 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Service_Articles_PublishedCategory_PublishedAtUtc",
                table: "Service_Articles");

            migrationBuilder.DropColumn(
                name: "PublishedCategory",
                table: "Service_Articles");

            migrationBuilder.DropColumn(
                name: "PublishedTags",
                table: "Service_Articles");
        }
    }
}
