using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Issue17CaseViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_Name",
                table: "Contacts_SavedViews");

            migrationBuilder.AddColumn<string>(
                name: "ListKey",
                table: "Contacts_SavedViews",
                type: "nvarchar(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "customers");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_ListKey_Name",
                table: "Contacts_SavedViews",
                columns: new[] { "OwnerUserId", "ListKey", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_ListKey_Name",
                table: "Contacts_SavedViews");

            migrationBuilder.DropColumn(
                name: "ListKey",
                table: "Contacts_SavedViews");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_SavedViews_OwnerUserId_Name",
                table: "Contacts_SavedViews",
                columns: new[] { "OwnerUserId", "Name" },
                unique: true);
        }
    }
}
