mod paths;
mod table;
