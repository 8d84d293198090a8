using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class KnowledgeBase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ArticleId",
                table: "Service_CaseEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ArticleRevision",
                table: "Service_CaseEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Service_Articles",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 410, nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PublishedRevision = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedVisibility = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    PublishedTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HasUnpublishedChanges = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ModifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ModifiedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_Articles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Service_ArticleRevisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 410, nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_ArticleRevisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Service_ArticleRevisions_Service_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Service_Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Service_ArticleWords",
                columns: table => new
                {
                    ArticleId = table.Column<long>(type: "INTEGER", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", unicode: false, maxLength: 1, nullable: false),
                    Word = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Service_ArticleWords", x => new { x.Scope, x.Word, x.ArticleId });
                    table.ForeignKey(
                        name: "FK_Service_ArticleWords_Service_Articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "Service_Articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Service_ArticleRevisions_ArticleId_Number",
                table: "Service_ArticleRevisions",
                columns: new[] { "ArticleId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_Category_ModifiedAtUtc",
                table: "Service_Articles",
                columns: new[] { "Category", "ModifiedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_ModifiedAtUtc",
                table: "Service_Articles",
                column: "ModifiedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_PublishedVisibility_PublishedAtUtc",
                table: "Service_Articles",
                columns: new[] { "PublishedVisibility", "PublishedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Service_Articles_Slug",
                table: "Service_Articles",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Service_ArticleWords_ArticleId_Scope_Word",
                table: "Service_ArticleWords",
                columns: new[] { "ArticleId", "Scope", "Word" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Service_ArticleRevisions");

            migrationBuilder.DropTable(
                name: "Service_ArticleWords");

            migrationBuilder.DropTable(
                name: "Service_Articles");

            migrationBuilder.DropColumn(
                name: "ArticleId",
                table: "Service_CaseEntries");

            migrationBuilder.DropColumn(
                name: "ArticleRevision",
                table: "Service_CaseEntries");
        }
    }
}
